import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { deriveWallets, devMnemonic } from '../devnet/Wallets.js'
import { type CliRun, runCli, scratchFolders } from './cli.js'

// No secret out (issue 11): suites that print and throw the devnet's keys, the
// dev mnemonic, a URL password and a token in every way a suite can, then
// every output signalbox has is searched for each of them, whole and
// shortened: the terminal, --json, the four reports, the GitHub step summary
// and annotations, everything under .signalbox/ (the history store's SQLite
// file byte for byte), `report` and `verdict` on the written results, and the
// dashboard's pages over that history.

const scratch = scratchFolders()

const password = 'Sw0rdfish-8c41e7'
const token = 'tok3f9c2a7b1d8e4f60'
const keys = deriveWallets(devMnemonic, 32).map((wallet) => wallet.privateKey)

/** Every form of every secret that must not appear, lower-cased. */
const forbidden = [
  ...keys.flatMap((key) => [key, key.slice(2), key.slice(0, 20), key.slice(2, 22)]),
  devMnemonic,
  password,
  token,
].map((secret) => secret.toLowerCase())

const leakySuite = `import { describe, expect, test } from 'signalbox/suite'

const words = ${JSON.stringify(devMnemonic)}
const password = ${JSON.stringify(password)}
const url = 'https://ops:' + password + '@rpc.example.invalid/v1'
const token = ${JSON.stringify(token)}
const keyOf = (devnet, index) => devnet.wallets[index % devnet.wallets.length].privateKey

describe('leaks', { meta: { owner: 'leaky-team', severity: 'SEV1' } }, () => {
  test('prints every secret to stdout and stderr', ({ devnet }) => {
    for (const { privateKey } of devnet.wallets) {
      process.stdout.write('stdout ' + privateKey + '\\n')
      process.stderr.write('stderr ' + privateKey.slice(2, 22) + '\\n')
      console.log('console.log', privateKey.slice(2).toUpperCase())
      console.error('console.error', privateKey.slice(0, 20))
    }
    console.info('mnemonic:', words)
    console.warn('rpc:', url, '/rpc?token=' + token)
  })
  test('throws them', ({ devnet }) => {
    throw new Error('signer ' + keyOf(devnet, 0) + ' from "' + words + '" at ' + url)
  })
  test('a long string vitest shortens in its message', ({ devnet }) => {
    expect(keyOf(devnet, 1) + 'x'.repeat(300)).toBe('y'.repeat(300))
  })
  test('an object diff', ({ devnet }) => {
    expect({ key: keyOf(devnet, 2), url, mnemonic: words }).toEqual({ key: '0x', url: '', mnemonic: '' })
  })
  test('an assertion message', ({ devnet }) => {
    expect(1, 'signer ' + keyOf(devnet, 3) + ' with ' + words).toBe(2)
  })
  test('skips with a reason that names a key', ({ devnet, skip }) => {
    skip('no signer for ' + keyOf(devnet, 4).slice(0, 24) + ' at ' + url)
  })
})
`

/** A rejection nobody handles: the run cannot decide, and its error (run.error) holds the secrets. */
const unhandledSuite = `import { test } from 'signalbox/suite'

test('leaves a rejection behind', { meta: { owner: 'leaky-team', severity: 'SEV3' } }, async ({ devnet }) => {
  Promise.reject(new Error('late ' + devnet.wallets[5 % devnet.wallets.length].privateKey + ' ' + ${JSON.stringify(devMnemonic)} + ' https://ops:${password}@rpc.example.invalid'))
  await new Promise((resolve) => setTimeout(resolve, 50))
})
`

/** Every file under `dir`, as text (binary files byte for byte as latin1). */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile())
  return Promise.all(
    files.map(async (entry) => {
      const path = join(entry.parentPath, entry.name)
      return { path, text: (await readFile(path)).toString('latin1') }
    }),
  )
}

/** The secrets found in each output, by output name; empty when none leaked. */
function leaks(outputs: Record<string, string>): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  for (const [name, text] of Object.entries(outputs)) {
    const lower = text.toLowerCase()
    const hits = forbidden.filter((secret) => lower.includes(secret))
    if (hits.length > 0) found[name] = hits
  }
  return found
}

/** Starts `signalbox serve` on a free port, fetches `paths`, then stops it. */
async function dashboardPages(cwd: string, paths: string[]): Promise<Record<string, string>> {
  let stop: () => void = () => {}
  let reportUrl: (url: string) => void = () => {}
  const listening = new Promise<string>((resolve) => {
    reportUrl = resolve
  })
  const serving = runCli(['serve', '--host', '127.0.0.1', '--port', '0'], {
    cwd,
    onSpawn: (child) => {
      stop = () => child.kill('SIGTERM')
      let out = ''
      child.stdout?.on('data', (chunk) => {
        out += chunk
        const match = /dashboard: (http:\/\/\S+)/.exec(out)
        if (match?.[1]) reportUrl(match[1])
      })
    },
  })
  const base = await Promise.race([
    listening,
    serving.then((run) => {
      throw new Error(`serve ended before it listened:\n${run.stderr}`)
    }),
  ])
  const pages: Record<string, string> = {}
  try {
    for (const path of paths) {
      const response = await fetch(new URL(path, base))
      expect(response.status, path).toBe(200)
      pages[`dashboard ${path}`] = await response.text()
    }
  } finally {
    stop()
    await serving
  }
  return pages
}

describe('no secret out', () => {
  test('a run whose suites print, throw and shorten keys, the mnemonic, a URL password and a token: none of them in any output', {
    timeout: 180_000,
  }, async () => {
    const cwd = await scratch('secrets', {
      'suites/leaks/leaky.accept.ts': leakySuite,
      'suites/late/unhandled.accept.ts': unhandledSuite,
    })
    const summary = join(cwd, 'summary.md')
    const github = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }

    // The leaky suite alone decides (SEV1 failures: block); with the unhandled rejection
    // the run cannot decide (error). Each run has its own reports.
    const blocked = await runCli(['run', '--out', 'blocked', 'leaks'], { cwd, env: github })
    const undecided = await runCli(['run', '--out', 'undecided', '--json'], { cwd, env: github })
    expect(blocked.code, blocked.stderr).toBe(1)
    expect(undecided.code, undecided.stderr).toBe(2)
    const results = JSON.parse(undecided.stdout) as {
      run: { id: string; error?: string }
      verdicts: Array<{ decision: string }>
      tests: Array<{
        name: string
        status: string
        error?: { message: string }
        skipReason?: string
      }>
    }
    expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['error'])
    // The secrets reached signalbox and were taken out, not lost with what carried them.
    expect(results.run.error).toContain('late [REDACTED]')
    const byName = new Map(results.tests.map((result) => [result.name, result]))
    expect(byName.get('throws them')?.error?.message).toBe(
      'signer [REDACTED] from "[REDACTED]" at https://[REDACTED]@rpc.example.invalid/v1',
    )
    expect(byName.get('a long string vitest shortens in its message')?.error?.message).toMatch(
      /^expected '\[REDACTED\]…' to be 'y+…'/,
    )
    expect(byName.get('skips with a reason that names a key')?.skipReason).toBe(
      'no signer for [REDACTED] at https://[REDACTED]@rpc.example.invalid/v1',
    )
    expect(blocked.stderr).toContain('stdout [REDACTED]')
    expect(blocked.stderr).toContain('console.error [REDACTED]')

    const rerendered: CliRun[] = []
    for (const format of ['md', 'junit', 'html', 'json']) {
      rerendered.push(await runCli(['report', 'blocked/results.json', '--format', format], { cwd }))
    }
    const verdict = await runCli(['verdict', 'undecided/results.json'], { cwd })
    expect(verdict.code, verdict.stderr).toBe(2)
    const pages = await dashboardPages(cwd, [
      '/',
      `/runs/${results.run.id}`,
      `/api/runs/${results.run.id}`,
      `/tests?id=${encodeURIComponent('leaks/leaky.accept.ts > leaks > throws them')}`,
      '/trends',
      '/flaky',
    ])

    // The pages show what carried the secrets, with the secrets taken out.
    for (const path of [`/runs/${results.run.id}`, `/api/runs/${results.run.id}`])
      expect(pages[`dashboard ${path}`]).toContain('signer [REDACTED] from')

    const outputs: Record<string, string> = {
      ...pages,
      'blocked stdout': blocked.stdout,
      'blocked stderr': blocked.stderr,
      'undecided stdout (--json)': undecided.stdout,
      'undecided stderr': undecided.stderr,
      'verdict stdout': verdict.stdout,
      'verdict stderr': verdict.stderr,
      'GitHub step summary': await readFile(summary, 'utf8'),
    }
    for (const [index, run] of rerendered.entries()) {
      outputs[`report ${index} stdout`] = run.stdout
      outputs[`report ${index} stderr`] = run.stderr
    }
    for (const folder of ['blocked', 'undecided', '.signalbox']) {
      for (const file of await filesUnder(join(cwd, folder))) outputs[file.path] = file.text
    }
    // What was searched: the four reports of both runs and the history store among them.
    for (const run of ['blocked', 'undecided']) {
      for (const name of ['results.json', 'readiness.md', 'junit.xml', 'report.html'])
        expect(Object.keys(outputs)).toContain(join(cwd, run, name))
    }
    expect(Object.keys(outputs).some((path) => path.endsWith('history.db'))).toBe(true)
    expect(leaks(outputs)).toEqual({})
  })
})
