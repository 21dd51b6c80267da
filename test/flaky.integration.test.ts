import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { readResults, runCli, scratchFolders } from './cli.js'

const exec = promisify(execFile)
const scratch = scratchFolders()

// Fails 1 time in 3, deterministically: it counts its runs in a file of the
// project and fails every third one (runs 3, 6, 9…).
const flakySuite = (failEvery: number) => `import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, test } from 'signalbox/suite'

const counter = new URL('../../runs.txt', import.meta.url)

describe('settle', () => {
  test('settles in time', async ({ l2 }) => {
    let runs = 0
    try {
      runs = Number(readFileSync(counter, 'utf8'))
    } catch {}
    runs += 1
    writeFileSync(counter, String(runs))
    expect(await l2.getChainId()).toBe(901)
    expect(runs % ${failEvery}, \`run \${runs} lost the race\`).not.toBe(0)
  })
  test('is steady', async ({ l1 }) => expect(await l1.getChainId()).toBe(900))
})
`
const flakyId = 'settle/settle.accept.ts > settle > settles in time'
const steadyId = 'settle/settle.accept.ts > settle > is steady'
const quarantine = `version: 1
release: rc-1
quarantine:
  - { test: "settle/** > settles in time", reason: fails 1 run in 3, by: platforms }
`

async function commitAll(cwd: string, message: string): Promise<void> {
  const git = (...args: string[]) =>
    exec('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args], { cwd })
  await git('add', '-A')
  await git('commit', '-q', '-m', message)
}

const runsSoFar = async (cwd: string) => Number(await readFile(join(cwd, 'runs.txt'), 'utf8'))

describe('a test that fails 1 time in 3', () => {
  let cwd: string

  beforeAll(async () => {
    cwd = await scratch('flaky', {
      'suites/settle/settle.accept.ts': flakySuite(3),
      'readiness.yaml': quarantine,
      '.gitignore': '.signalbox/\nout/\nruns.txt\n',
    })
    await exec('git', ['init', '-q'], { cwd })
    await commitAll(cwd, 'suites')
  })

  test('run --repeat 20 finds it: 70 % pass rate, not stable, blocks; the steady test is stable', async () => {
    const run = await runCli(['run', '--repeat', '20', '--out', 'out/repeat'], { cwd })
    expect(run.code, run.stderr).toBe(1)
    expect(await runsSoFar(cwd)).toBe(20)
    const results = await readResults(join(cwd, 'out', 'repeat'))
    expect(results.run.repeat).toBe(20)
    const flaky = results.tests.find((test) => test.id === flakyId)
    expect(flaky).toMatchObject({ status: 'failed', flaky: true })
    expect(flaky?.error?.message).toContain('run 3 lost the race')
    expect(flaky?.repeat).toMatchObject({
      runs: 20,
      passed: 14,
      failed: 6,
      passRate: 0.7,
      stable: false,
    })
    expect(flaky?.repeat?.outcomes.map((outcome) => outcome.status[0]).join('')).toBe(
      'ppfppfppfppfppfppfpp',
    )
    const steady = results.tests.find((test) => test.id === steadyId)
    expect(steady).toMatchObject({ status: 'passed', flaky: false })
    expect(steady?.repeat).toMatchObject({ runs: 20, passed: 20, passRate: 1, stable: true })
    const spread = steady?.repeat?.durationMs
    expect(spread && spread.min <= spread.median && spread.median <= spread.max).toBe(true)
    expect(run.stdout).toMatch(/FLAKY\s+70 %\s+14\/20\s+.*settles in time/)
    expect(run.stdout).toMatch(/stable\s+100 %\s+20\/20\s+.*is steady/)
  })

  test('signalbox flaky finds it in history: passed and failed on the same gate, devnet and commit', async () => {
    const commit = (await exec('git', ['rev-parse', 'HEAD'], { cwd })).stdout.trim()
    const flaky = await runCli(['flaky', '--json'], { cwd })
    expect(flaky.code, flaky.stderr).toBe(0)
    expect(JSON.parse(flaky.stdout).flaky).toEqual([
      expect.objectContaining({
        testId: flakyId,
        gate: 'pr',
        devnet: 'embedded',
        gitCommit: commit,
        passed: 14,
        failed: 6,
        passRate: 0.7,
      }),
    ])
    const text = await runCli(['flaky'], { cwd })
    expect(text.stdout).toContain('1 flaky test(s)')
    expect(text.stdout).toContain(
      `${flakyId}\n    70 % passed (14 of 20) on gate pr, devnet embedded`,
    )
  })

  test('once quarantined it no longer blocks, and it still runs; it stays in quarantine until it passes 20 times in a row', async () => {
    // Run 21 fails: the quarantined failure is reported, and does not block the pr gate.
    const run = await runCli(['run', '--readiness', 'readiness.yaml', '--out', 'out/quarantined'], {
      cwd,
    })
    expect(run.code, run.stderr).toBe(0)
    expect(await runsSoFar(cwd)).toBe(21)
    const results = await readResults(join(cwd, 'out', 'quarantined'))
    expect(results.tests.find((test) => test.id === flakyId)).toMatchObject({
      status: 'failed',
      quarantined: true,
    })
    expect(results.verdicts[0]).toMatchObject({ gate: 'pr', decision: 'promote' })
    expect(results.verdicts[0]?.findings).toEqual([
      expect.objectContaining({ id: flakyId, quarantined: true }),
    ])
    // A stricter gate whose quarantine policy is `report` still counts it.
    const betanet = await runCli(
      [
        'verdict',
        'out/quarantined/results.json',
        '--gate',
        'betanet',
        '--readiness',
        'readiness.yaml',
        '--json',
      ],
      { cwd },
    )
    expect(JSON.parse(betanet.stdout)[0].findings).toEqual([
      expect.objectContaining({ id: flakyId, severity: 'SEV1' }),
    ])

    const stays = JSON.parse(
      (await runCli(['flaky', '--readiness', 'readiness.yaml', '--json'], { cwd })).stdout,
    )
    expect(stays.quarantine.tests).toEqual([
      expect.objectContaining({ testId: flakyId, passStreak: 0, canLeave: false }),
    ])

    // Fixed in the next commit: 20 passes in a row, and it may leave quarantine.
    await writeFile(join(cwd, 'suites', 'settle', 'settle.accept.ts'), flakySuite(1_000))
    await commitAll(cwd, 'fix the race')
    const fixed = await runCli(
      ['run', '--repeat', '20', '--readiness', 'readiness.yaml', '--out', 'out/fixed'],
      { cwd },
    )
    expect(fixed.code, fixed.stderr).toBe(0)
    const leaves = await runCli(['flaky', '--readiness', 'readiness.yaml'], { cwd })
    expect(leaves.stdout).toContain(
      'quarantine: 1 quarantined test(s) in history, 1 may leave (passed 20 times in a row since their last failure)',
    )
    expect(leaves.stdout).toContain(`may leave  ${flakyId}`)
    const strict = JSON.parse(
      (
        await runCli(['flaky', '--readiness', 'readiness.yaml', '--min-passes', '21', '--json'], {
          cwd,
        })
      ).stdout,
    )
    expect(strict.quarantine.tests).toEqual([
      expect.objectContaining({ testId: flakyId, passStreak: 20, canLeave: false }),
    ])
  })
})
