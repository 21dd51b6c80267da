import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { RunEvent } from '../core/index.js'
import { readResults, repoRoot, runCli, scratchFolders } from './cli.js'

const scratch = scratchFolders()
const dist = (path: string) => JSON.stringify(pathToFileURL(join(repoRoot, 'dist', path)).href)

const suites = {
  'suites/token/token.accept.ts': `import { describe, expect, test } from 'signalbox/suite'
describe('token', { meta: { owner: 'token-team', severity: 'SEV2' } }, () => {
  test('chain id is right', async ({ l2, devnet }) => {
    expect(await l2.getChainId()).toBe(devnet.chains[1]?.chainId)
  })
  test('leaks its key into the error', ({ devnet }) => {
    throw new Error('signing failed with ' + devnet.wallets[0]?.privateKey)
  })
})
`,
}

/** Runs a script of ours (an .mjs file in the project) with node, in the project. */
async function runScript(cwd: string, name: string, source: string) {
  const { writeFile } = await import('node:fs/promises')
  await writeFile(join(cwd, name), source)
  const ran = await runCli([join(cwd, name)], { cwd, executable: process.execPath })
  expect(ran.code, ran.stderr).toBe(0)
  return ran.stdout
}

describe('a run that returns data', () => {
  test('run() tells its listener every phase in order, redacted, and returns what it told', async () => {
    const cwd = await scratch('pipeline', suites)
    const stdout = await runScript(
      cwd,
      'events.mjs',
      `import * as signalbox from ${dist('runner/index.js')}
const cwd = process.cwd()
const events = []
const { results, exitCode } = await signalbox.run({
  cwd,
  suitesRoot: cwd + '/suites',
  gates: signalbox.resolveGates(await signalbox.loadGatesFile(undefined, cwd), ['pr']),
  devnet: signalbox.devnetFromSpec('embedded'),
  checkHealth: signalbox.checkHealth,
  onEvent: (event) => events.push(event),
})
console.log(JSON.stringify({ events, results, exitCode }))
`,
    )
    const { events, results, exitCode } = JSON.parse(stdout) as {
      events: RunEvent[]
      results: { tests: unknown[]; verdicts: unknown[] }
      exitCode: number
    }
    // Every event is what its schema says (the dashboard will take them over the wire).
    for (const event of events) expect(RunEvent.safeParse(event).error).toBeUndefined()
    const types = events.map((event) => event.type)
    expect(types.slice(0, 4)).toEqual([
      'run-started',
      'devnet-ready',
      'health-checked',
      'suites-started',
    ])
    expect(types.at(-1)).toBe('run-finished')
    expect(types.filter((type) => type === 'test-started')).toHaveLength(2)
    expect(types.filter((type) => type === 'test-finished')).toHaveLength(2)
    const finished = events.flatMap((event) =>
      event.type === 'test-finished' ? [event.result] : [],
    )
    // What the listener heard is what the results hold, and what it returned.
    expect(results.tests).toEqual(finished)
    const last = events.at(-1)
    expect(last?.type === 'run-finished' && last.results).toEqual(results)
    // SEV2 failure on the pr gate (SEV2 allowed): promote.
    expect(exitCode).toBe(0)
    // The dev keys are redacted in every event, not only in the files.
    const { deriveWallets, devMnemonic } = await import('../devnet/Wallets.js')
    const text = stdout.toLowerCase()
    for (const wallet of deriveWallets(devMnemonic, 32))
      expect(text).not.toContain(wallet.privateKey.slice(2).toLowerCase())
    expect(text).toContain('[redacted]')
  })

  test('a SuiteRun runs again in the same process: each run reports its own tests, once', async () => {
    const cwd = await scratch('pipeline', suites)
    const stdout = await runScript(
      cwd,
      'twice.mjs',
      `import { devnetFromSpec } from ${dist('devnet/index.js')}
import { SuiteRun } from ${dist('runner/vitest/SuiteRun.js')}
import { startSubFunders } from ${dist('runner/pipeline/SubFunders.js')}
const cwd = process.cwd()
const suiteRun = await SuiteRun.prepare({ suitesRoot: cwd + '/suites', cacheDir: cwd + '/.cache' })
const devnet = await devnetFromSpec('embedded').start({ timeoutMs: 30000 })
const runs = []
try {
  for (const _ of [1, 2]) {
    const ids = []
    const subFunders = await startSubFunders(devnet.descriptor, { workers: suiteRun.workers })
    const outcome = await suiteRun.run(devnet.descriptor, subFunders.provision, { listener: { testFinished: (r) => ids.push(r.id + ' ' + r.status) } })
    runs.push({ ids, reported: outcome.reported, interrupted: outcome.interrupted })
  }
} finally {
  await Promise.all([suiteRun.close(), devnet.stop()])
}
console.log(JSON.stringify(runs))
`,
    )
    const runs = JSON.parse(stdout) as Array<{ ids: string[]; reported: number }>
    expect(runs).toHaveLength(2)
    const expected = [
      'token/token.accept.ts > token > chain id is right passed',
      'token/token.accept.ts > token > leaks its key into the error errored',
    ]
    for (const run of runs) {
      expect([...run.ids].sort()).toEqual(expected)
      expect(run.reported).toBe(2)
    }
  })
})

describe('the order suite files run in', () => {
  /** A suite file of one test, padded to `bytes` with a comment; its test sleeps `sleepMs`. */
  const sized = (name: string, bytes: number, sleepMs: number) => {
    const body = `import { describe, expect, test } from 'signalbox/suite'
describe('${name}', { meta: { owner: 'order', severity: 'SEV3' } }, () => {
  test('runs', async () => {
    await new Promise((resolve) => setTimeout(resolve, ${sleepMs}))
    expect('${name}').toBe('${name}')
  })
})
`
    return `${body}// ${'x'.repeat(Math.max(0, bytes - body.length))}\n`
  }
  const filesOf = (results: Awaited<ReturnType<typeof readResults>>) =>
    results.tests.map((t) => t.file)

  test("as vitest run orders them: the largest first, then the last run's slowest first", async () => {
    const cwd = await scratch('order', {
      // Found in this order (a, b, c); the sizes and the durations each say another.
      'suites/a/small.accept.ts': sized('small', 300, 0),
      'suites/b/medium.accept.ts': sized('medium', 2_000, 900),
      'suites/c/large.accept.ts': sized('large', 6_000, 0),
    })
    const runOnce = async (out: string) => {
      const ran = await runCli(['run', '--suites', 'suites', '--workers', '1', '--out', out], {
        cwd,
      })
      expect(ran.code, ran.stderr).toBe(0)
      return filesOf(await readResults(join(cwd, out)))
    }
    // No durations yet (a fresh .signalbox/cache): by size, as vitest's sequencer does.
    expect(await runOnce('first')).toEqual([
      'c/large.accept.ts',
      'b/medium.accept.ts',
      'a/small.accept.ts',
    ])
    // The folder's vitest cache now knows each file's duration: the slowest runs first.
    expect((await runOnce('second'))[0]).toBe('b/medium.accept.ts')
  })
})

describe('vitest created in the background', () => {
  test("vitest's own SIGINT and SIGTERM handlers never stay in place while it is created", async () => {
    const cwd = await scratch('signals', suites)
    const stdout = await runScript(
      cwd,
      'signals.mjs',
      `import { SuiteRun } from ${dist('runner/vitest/SuiteRun.js')}
const cwd = process.cwd()
const count = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')
const before = count()
let most = before
let samples = 0
let own = 0
const sample = setInterval(() => { most = Math.max(most, count() - own); samples++ }, 0)
const suiteRun = await SuiteRun.prepare({ suitesRoot: cwd + '/suites', cacheDir: cwd + '/.cache' })
// A caller's own handler, added while vitest is created, is the caller's: it stays.
const mine = () => {}
process.on('SIGINT', mine)
own = 1
// close() waits for vitest to be created, then closes it.
await suiteRun.close()
clearInterval(sample)
const kept = process.listeners('SIGINT').includes(mine)
process.off('SIGINT', mine)
console.log(JSON.stringify({ before, most, after: count(), samples, kept }))
`,
    )
    const seen = JSON.parse(stdout) as {
      before: number
      most: number
      after: number
      samples: number
      kept: boolean
    }
    // Sampled all through the creation (a vitest logger adds one handler per signal).
    expect(seen.samples).toBeGreaterThan(10)
    expect(seen.most).toBe(seen.before)
    expect(seen.after).toBe(seen.before)
    expect(seen.kept).toBe(true)
  })
})
