import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { readResults, runCli, scratchFolders } from './cli.js'

const scratch = scratchFolders()

// Faults and inputs that must never end in "promote". One test per fault.
describe('no false green', () => {
  test.each([['CI=true'], ['no CI']])(
    '.only left in a suite (%s): the run is an error naming the file, exit 2',
    async (ci) => {
      // The focus modifier is the fault under test, written into a suite file in a
      // scratch folder; spelled through a variable so this file itself holds no focus.
      const focus = 'only'
      const cwd = await scratch('only', {
        'suites/x/focus.accept.ts': `import { expect, test } from 'signalbox/suite'
test.${focus}('focused', () => { expect(1).toBe(1) })
test('the rest of the file', () => { expect(1).toBe(1) })
`,
        'suites/y/other.accept.ts': `import { expect, test } from 'signalbox/suite'
test('passes', () => { expect(1).toBe(1) })
`,
      })
      const run = await runCli(['run', '--out', 'out'], {
        cwd,
        env: ci === 'CI=true' ? { CI: 'true' } : { CI: '' },
      })
      expect(run.code, run.stderr).toBe(2)
      const results = await readResults(join(cwd, 'out'))
      expect(results.run.complete).toBe(false)
      expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['error'])
      expect(results.run.error).toContain(
        'x/focus.accept.ts: "focused" (line 2) failed before it ran',
      )
      expect(results.run.error).toContain('Unexpected .only modifier')
    },
  )

  test.each([['CI=true'], ['no CI']])(
    'snapshots (%s): a gate never writes to the suites, and a missing snapshot fails',
    async (ci) => {
      const suite = `import { expect, test } from 'signalbox/suite'
test('inline', { meta: { severity: 'SEV3' } }, () => { expect({ a: 1 }).toMatchInlineSnapshot() })
test('file', { meta: { severity: 'SEV3' } }, () => { expect({ a: 1 }).toMatchSnapshot() })
`
      const cwd = await scratch('snapshot', { 'suites/y/snap.accept.ts': suite })
      const run = await runCli(['run', '--gate', 'pr', '--out', 'out'], {
        cwd,
        env: ci === 'CI=true' ? { CI: 'true' } : { CI: '' },
      })
      expect(await readFile(join(cwd, 'suites/y/snap.accept.ts'), 'utf8')).toBe(suite)
      expect(await readdir(join(cwd, 'suites/y'))).toEqual(['snap.accept.ts'])
      const results = await readResults(join(cwd, 'out'))
      expect(results.tests.map((result) => result.status)).toEqual(['errored', 'errored'])
      // SEV3 findings do not block pr: the decision is the same with and without CI.
      expect(run.code).toBe(0)
    },
  )
})

describe('edited results', () => {
  test('a failed test flipped to passed by hand: verdict, report, push and merge refuse it (exit 2) unless --allow-edited', async () => {
    const cwd = await scratch('edited', {
      'suites/x/fails.accept.ts': `import { expect, test } from 'signalbox/suite'
test('fails', { meta: { severity: 'SEV1' } }, () => { expect(1).toBe(2) })
`,
    })
    const run = await runCli(['run', '--out', 'out'], { cwd })
    expect(run.code, run.stderr).toBe(1)
    const path = join(cwd, 'out', 'results.json')
    const written = JSON.parse(await readFile(path, 'utf8'))
    expect(written.judged).toMatch(/^sha256:[0-9a-f]{64}$/)
    // As signalbox wrote it, verdict judges it: the same block.
    expect((await runCli(['verdict', 'out/results.json'], { cwd })).code).toBe(1)

    written.tests[0].status = 'passed'
    delete written.tests[0].error
    await writeFile(path, JSON.stringify(written, null, 2))
    for (const command of [
      ['verdict', 'out/results.json'],
      ['report', 'out/results.json', '--format', 'junit'],
      ['push', 'out/results.json', '--to', 'http://127.0.0.1:9'],
      ['merge', 'out/results.json'],
    ]) {
      const refused = await runCli(command, { cwd })
      expect(refused.code, `${command[0]}: ${refused.stderr}`).toBe(2)
      expect(refused.stderr).toContain(
        'results file out/results.json was edited after it was judged',
      )
      expect(refused.stderr).toContain('--allow-edited')
    }
    const allowed = await runCli(['verdict', 'out/results.json', '--allow-edited'], { cwd })
    expect(allowed.code).toBe(0)
    expect(allowed.stderr).toContain('judged anyway (--allow-edited)')

    // Without the digest, an edit cannot be told apart: refused as well.
    delete written.judged
    await writeFile(path, JSON.stringify(written, null, 2))
    const unsealed = await runCli(['verdict', 'out/results.json'], { cwd })
    expect(unsealed.code).toBe(2)
    expect(unsealed.stderr).toContain('carries no digest of what was judged')
  })
})

describe('nothing lost', () => {
  test("a severity signalbox cannot read ('sev2') is a run error naming the test, with every report written", async () => {
    const cwd = await scratch('severity', {
      'suites/x/lower.accept.ts': `import { expect, test } from 'signalbox/suite'
test('lower-case severity', { meta: { severity: 'sev2' } }, () => { expect(1).toBe(1) })
`,
    })
    const run = await runCli(['run', '--out', 'out'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).not.toContain('internal error')
    const results = await readResults(join(cwd, 'out'))
    expect(results.run.error).toContain(
      'x/lower.accept.ts: "lower-case severity" (line 2) declares severity "sev2": expected one of SEV0, SEV1, SEV2, SEV3',
    )
    expect(results.tests.map((result) => [result.status, result.severity])).toEqual([
      ['passed', undefined],
    ])
  })
})

describe('no secret out', () => {
  test("a suite's own output goes to stderr, redacted; --json on stdout stays valid JSON inside GitHub Actions", async () => {
    const cwd = await scratch('output', {
      'suites/x/noisy.accept.ts': `import { expect, test } from 'signalbox/suite'
test('prints its key', { meta: { severity: 'SEV1' } }, ({ devnet }) => {
  const key = devnet.wallets[0]?.privateKey ?? ''
  process.stdout.write('stdout ' + key + '\\n')
  process.stderr.write('stderr ' + key.slice(0, 22) + '\\n')
  console.log('console', key)
  expect(key).toBe('')
})
`,
    })
    const summary = join(cwd, 'summary.md')
    const run = await runCli(['run', '--out', 'out', '--json'], {
      cwd,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    })
    expect(run.code).toBe(1)
    const results = JSON.parse(run.stdout) as { verdicts: Array<{ decision: string }> }
    expect(results.verdicts[0]?.decision).toBe('block')
    expect(run.stderr).toContain('stdout [REDACTED]')
    expect(run.stderr).toContain('stderr [REDACTED]')
    expect(run.stderr).toMatch(/^::error /m)
    const { deriveWallets, devMnemonic } = await import('../devnet/Wallets.js')
    const everything = [run.stdout, run.stderr, await readFile(summary, 'utf8')]
      .join('\n')
      .toLowerCase()
    for (const wallet of deriveWallets(devMnemonic, 32))
      expect(everything).not.toContain(wallet.privateKey.slice(2, 22).toLowerCase())
    expect(everything).not.toContain(devMnemonic)
  })
})
