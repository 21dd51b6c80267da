import type { ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { commandNames } from '../runner/cli/main.js'
import { readResults, runCli, scratchFolders } from './cli.js'

const tempDir = scratchFolders()

/** A team's own suite: one test fails (declared SEV1), one is left out by -t in the runs below. */
const paymentsSuite = `
import { describe, expect, test } from 'signalbox/suite'

describe('payments', { meta: { severity: 'SEV1', owner: 'payments-team' } }, () => {
  test('chain id is the L2', async ({ l2 }) => {
    expect(await l2.getChainId()).toBe(901)
  })
  test('fee is quoted', () => {
    expect({ fee: 21000n, token: 'ETH' }).toEqual({ fee: 21001n, token: 'ETH' })
  })
  test('refunds settle', () => {
    expect(true).toBe(true)
  })
})
`

describe('--help on every command', () => {
  test('each command of the table prints its usage and exits 0', async () => {
    const cwd = await tempDir('help')
    expect(commandNames.length).toBeGreaterThanOrEqual(11)
    for (const command of commandNames) {
      // -h as well, on the command the issue names; every command shares the one check.
      for (const flag of command === 'run' ? ['--help', '-h'] : ['--help']) {
        const run = await runCli([command, flag], { cwd })
        expect({ command, flag, code: run.code, stderr: run.stderr }).toEqual({
          command,
          flag,
          code: 0,
          stderr: '',
        })
        expect(run.stdout).toMatch(new RegExp(`^Usage:\\n  signalbox ${command} `))
      }
    }
    // help <command> says the same; run's help lists its options, the new ones too.
    const runHelp = await runCli(['help', 'run'], { cwd })
    expect(runHelp.stdout).toBe((await runCli(['run', '--help'], { cwd })).stdout)
    for (const option of ['--suites <dir>', '-t <pattern>', '--watch', '--gate <names>'])
      expect(runHelp.stdout).toContain(option)
  })
})

describe('a team folder beside the shipped suites, filtered', () => {
  let cwd: string

  beforeAll(async () => {
    cwd = await tempDir('team-roots', {
      'suites/payments/pay.accept.ts': paymentsSuite,
      // The triage entry names the failing test by its id, rooted at the team's suites folder.
      'readiness.yaml': `version: 1
release: rc-1
triage:
  - { test: "payments/pay.accept.ts > payments > fee is quoted", severity: SEV3, reason: fee oracle rounding known, by: alice }
`,
    })
  })

  test('--suites twice with signalbox:base, file filters and -t: ids rooted at each suites root', async () => {
    const run = await runCli(
      [
        'run',
        '--suites',
        'suites',
        '--suites',
        'signalbox:base',
        'pay',
        'liveness',
        '-t',
        'fee is quoted|chain id|L2 produces',
        '--out',
        'out',
      ],
      { cwd },
    )
    expect(run.code).toBe(1)
    const results = await readResults(join(cwd, 'out'))
    expect(results.tests.map((result) => result.id).sort()).toEqual([
      // As the shipped suites name them when their folder runs whole (`signalbox run` in this repo).
      'base/liveness.accept.ts > liveness > L1 answers with the chain id the devnet declares',
      'base/liveness.accept.ts > liveness > L2 answers with the chain id the devnet declares',
      'base/liveness.accept.ts > liveness > L2 produces blocks',
      'payments/pay.accept.ts > payments > chain id is the L2',
      'payments/pay.accept.ts > payments > fee is quoted',
    ])
    const byId = new Map(results.tests.map((result) => [result.id, result]))
    expect(byId.get('base/liveness.accept.ts > liveness > L2 produces blocks')).toMatchObject({
      file: 'base/liveness.accept.ts',
      feature: 'base',
      status: 'passed',
    })
    const fee = byId.get('payments/pay.accept.ts > payments > fee is quoted')
    expect(fee).toMatchObject({ feature: 'payments', status: 'failed', severity: 'SEV1' })
    // The assertion's diff is kept, and printed with the message.
    expect(fee?.error?.diff).toContain('21001n')
    expect(run.stdout).toContain('Failures (1)')
    expect(run.stdout).toContain('✗ failed payments/pay.accept.ts > payments > fee is quoted')
    expect(run.stdout).toMatch(/- +"fee": 21001n,\n +\+ +"fee": 21000n,/)
  })

  test('the readiness file triages the team test by the same id: SEV3, the gate promotes', async () => {
    const run = await runCli(
      [
        'run',
        '--suites',
        'suites',
        '--suites',
        'signalbox:base',
        'pay',
        '-t',
        'fee is quoted',
        '--readiness',
        'readiness.yaml',
        '--out',
        'triaged',
      ],
      { cwd },
    )
    expect(run.code).toBe(0)
    const results = await readResults(join(cwd, 'triaged'))
    expect(results.tests.map((result) => [result.id, result.status])).toEqual([
      ['payments/pay.accept.ts > payments > fee is quoted', 'failed'],
    ])
    expect(results.verdicts[0]?.findings).toMatchObject([
      { id: 'payments/pay.accept.ts > payments > fee is quoted', severity: 'SEV3' },
    ])
    // Not blocking, still shown with its message.
    expect(run.stdout).toContain('✗ failed payments/pay.accept.ts > payments > fee is quoted')
  })

  test('gates explain --suites takes the same roots and shows the same ids', async () => {
    const run = await runCli(
      ['gates', 'explain', 'pr', '--suites', 'suites', '--suites', 'signalbox:base'],
      { cwd },
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('    payments/pay.accept.ts > payments > refunds settle')
    expect(run.stdout).toContain('    base/transfers.accept.ts > value transfers > ')
  })

  test('an unknown shipped suite is exit 2 naming it and listing the shipped ones', async () => {
    const run = await runCli(['run', '--suites', 'suites', '--suites', 'signalbox:bridge'], {
      cwd,
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('signalbox ships no suites named "bridge"')
    expect(run.stderr).toContain(
      'signalbox:base, signalbox:contracts, signalbox:deposits, signalbox:fees, signalbox:load',
    )
  })

  test('a filter or -t that matches nothing, and overlapping roots, are exit 2 naming them', async () => {
    const noFile = await runCli(['run', 'withdrawals'], { cwd })
    expect(noFile.code).toBe(2)
    expect(noFile.stderr).toContain('no suite file matches "withdrawals"')

    const noName = await runCli(['run', '-t', 'no such test', '--out', 'none'], { cwd })
    expect(noName.code).toBe(2)
    expect(noName.stderr).toContain("-t no such test: no test's name matches")

    const badPattern = await runCli(['run', '-t', '(unclosed'], { cwd })
    expect(badPattern.code).toBe(2)
    expect(badPattern.stderr).toContain('-t takes a regular expression')

    const overlap = await runCli(['run', '--suites', 'suites', '--suites', 'suites/payments'], {
      cwd,
    })
    expect(overlap.code).toBe(2)
    expect(overlap.stderr).toContain('two --suites roots give tests the same id')
  })
})

describe('run --watch against a held devnet', () => {
  let cwd: string

  beforeAll(async () => {
    cwd = await tempDir('watch', {
      'suites/payments/pay.accept.ts': paymentsSuite.replace('21001n', '21000n'),
      'suites/payments/other.accept.ts': `
import { expect, test } from 'signalbox/suite'
test('untouched', () => expect(1).toBe(1))
`,
    })
  })

  afterAll(async () => {
    await runCli(['devnet', 'down'], { cwd })
  })

  test('without a held devnet, or with another devnet, --watch is exit 2 saying what to do', async () => {
    const none = await runCli(['run', '--watch'], { cwd })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no devnet is up in this folder')
    expect(none.stderr).toContain('signalbox devnet up')

    const embedded = await runCli(['run', '--watch', '--devnet', 'embedded'], { cwd })
    expect(embedded.code).toBe(2)
    expect(embedded.stderr).toContain('--watch runs against a held devnet')
  })

  test('reruns the saved suite file and prints its new result; Ctrl-C stops it, exit 2', async () => {
    const up = await runCli(['devnet', 'up'], { cwd })
    expect(up.code).toBe(0)

    let child: ChildProcess | undefined
    let stdout = ''
    let stderr = ''
    const watching = runCli(['run', '--watch'], {
      cwd,
      onSpawn: (spawned) => {
        child = spawned
        spawned.stdout?.on('data', (chunk) => {
          stdout += chunk
        })
        spawned.stderr?.on('data', (chunk) => {
          stderr += chunk
        })
      },
    })
    const waitFor = async (what: () => boolean, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs
      while (!what()) {
        if (Date.now() > deadline)
          throw new Error(`timed out; stdout:\n${stdout}\nstderr:\n${stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    const count = (text: string, part: string) => text.split(part).length - 1

    await waitFor(() => stderr.includes('for changes (Ctrl-C to stop)'), 90_000)
    expect(stdout).toContain('4 tests: 4 passed')

    // Saved as an editor does: a new file renamed over the old one.
    const file = join(cwd, 'suites/payments/pay.accept.ts')
    const edited = (await readFile(file, 'utf8')).replace(
      'toEqual({ fee: 21000n',
      'toEqual({ fee: 21001n',
    )
    await writeFile(`${file}.tmp`, edited)
    const savedAt = Date.now()
    await import('node:fs/promises').then(({ rename }) => rename(`${file}.tmp`, file))

    await waitFor(() => count(stderr, 'starting the descriptor devnet') >= 2, 10_000)
    const startedInMs = Date.now() - savedAt
    await waitFor(() => count(stderr, 'for changes (Ctrl-C to stop)') >= 2, 60_000)
    const reportedInMs = Date.now() - savedAt
    console.info(
      `watch: rerun started ${startedInMs} ms and reported ${reportedInMs} ms after the save`,
    )
    expect(startedInMs).toBeLessThan(2_000)

    const rerun = stdout.slice(stdout.indexOf('rerun: '))
    expect(rerun.split('\n')[0]).toBe('rerun: suites/payments/pay.accept.ts')
    // Only the saved file ran again, with its new result, message and diff.
    expect(rerun).toContain('3 tests: 2 passed, 1 failed')
    expect(rerun).toContain('✗ failed payments/pay.accept.ts > payments > fee is quoted')
    expect(rerun).toMatch(/- +"fee": 21001n,\n +\+ +"fee": 21000n,/)
    expect(rerun).not.toContain('untouched')
    expect(rerun).toContain('BLOCK')

    const pid = child?.pid
    child?.kill('SIGINT')
    const end = await watching
    expect(end.code).toBe(2)
    expect(end.stderr).toContain('watch stopped')
    // Nothing it started outlives it; the held devnet stays up for the next run.
    expect(pid !== undefined && isRunning(pid)).toBe(false)
    const status = await runCli(['devnet', 'status'], { cwd })
    expect(status.code).toBe(0)
  })
})

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
