import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import type { Decision } from '../core/index.js'
import { readResults, repoRoot, runCli, scratchFolders } from './cli.js'
import { tokenSev2Id, tokenSuite } from './fixtures/teamSuites.js'

const scratch = scratchFolders()
const gates = ['pr', 'alphanet', 'betanet', 'testnet']
const expires = '2026-12-01'
const dayAfter = '2026-12-02'

// A passing SEV1 test and a SEV2 failure whose mitigation expires on `expires`.
const files = {
  ...tokenSuite,
  'readiness.yaml': `version: 1
release: rc-7
checklist:
  - { id: fma-started, title: FMA started, done: true }
  - { id: acceptance-coverage, title: Acceptance coverage, done: true }
mitigations:
  - finding: "${tokenSev2Id}"
    plan: serve metadata from the indexer
    owner: token-team
    expires: "${expires}"
`,
  // run() through signalbox's public API, judged on the day given: the CLI's
  // run reads the system clock, which a test cannot set.
  'run-on-day.mjs': `import * as signalbox from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/runner/index.js')).href)}
const [day, out] = process.argv.slice(2)
const cwd = process.cwd()
const gates = signalbox.resolveGates(await signalbox.loadGatesFile(undefined, cwd), ${JSON.stringify(gates)})
const readiness = await signalbox.loadReadinessFile('readiness.yaml', cwd)
const { results, exitCode } = await signalbox.run({
  cwd,
  suitesRoot: cwd + '/suites',
  gates,
  readiness,
  devnet: signalbox.devnetFromSpec('embedded'),
  checkHealth: signalbox.checkHealth,
  now: () => new Date(day + 'T12:00:00Z'),
})
await signalbox.writeRunReports(out, results, { readiness })
process.exitCode = exitCode
`,
}

/** `signalbox report --format md --readiness`, judged again on `day`. */
function reportOnDay(cwd: string, day: string) {
  return runCli(
    ['report', 'out/results.json', '--format', 'md', '--readiness', 'readiness.yaml', '--now', day],
    { cwd },
  )
}

/** Each gate's decision as readiness.md states it (`### <gate>: <badge>`). */
function decisionsInMarkdown(markdown: string): Record<string, Decision> {
  const badges: Record<string, Decision> = { PROMOTE: 'promote', BLOCK: 'block', ERROR: 'error' }
  return Object.fromEntries(
    [...markdown.matchAll(/^### (\S+): \S+ \*\*(PROMOTE|BLOCK|ERROR)\*\*/gm)].map((match) => [
      match[1],
      badges[match[2] ?? ''],
    ]),
  )
}

describe('one judge: run, verdict and report agree', () => {
  test.each([
    [expires, { pr: 'promote', alphanet: 'promote', betanet: 'block', testnet: 'block' }],
    [dayAfter, { pr: 'promote', alphanet: 'block', betanet: 'block', testnet: 'block' }],
  ])('judged on %s, every gate gets the same decision from all three', async (day, expected) => {
    const cwd = await scratch('judging', files)
    const ran = await runCli([join(cwd, 'run-on-day.mjs'), day, 'out'], {
      cwd,
      executable: process.execPath,
    })
    const results = await readResults(join(cwd, 'out'))
    const fromRun = Object.fromEntries(results.verdicts.map((v) => [v.gate, v.decision]))
    expect(fromRun, ran.stderr).toEqual(expected)
    expect(ran.code).toBe(1)

    const verdict = await runCli(
      ['verdict', 'out/results.json', '--readiness', 'readiness.yaml', '--now', day, '--json'],
      { cwd },
    )
    const verdicts = JSON.parse(verdict.stdout) as Array<{ gate: string; decision: Decision }>
    expect(Object.fromEntries(verdicts.map((v) => [v.gate, v.decision]))).toEqual(expected)
    expect(verdict.code).toBe(1)

    const report = await reportOnDay(cwd, day)
    expect(report.code).toBe(0)
    expect(decisionsInMarkdown(report.stdout)).toEqual(expected)
    // The readiness.md the run wrote says the same.
    expect(decisionsInMarkdown(await readFile(join(cwd, 'out', 'readiness.md'), 'utf8'))).toEqual(
      expected,
    )
  })

  test('a report re-judged on another day says what verdict says that day, not what the run said', async () => {
    const cwd = await scratch('judging', files)
    await runCli([join(cwd, 'run-on-day.mjs'), expires, 'out'], {
      cwd,
      executable: process.execPath,
    })
    const stored = await readResults(join(cwd, 'out'))
    expect(stored.verdicts.find((v) => v.gate === 'alphanet')?.decision).toBe('promote')
    const report = await reportOnDay(cwd, dayAfter)
    expect(decisionsInMarkdown(report.stdout).alphanet).toBe('block')
  })
})
