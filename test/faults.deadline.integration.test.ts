import { execFile } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { type CliRun, readResults, runCli, scratchFolders } from './cli.js'

const exec = promisify(execFile)
const scratch = scratchFolders()

/** The reports every run writes, whatever its end. */
const reports = ['junit.xml', 'readiness.md', 'report.html', 'results.json']

/**
 * Runs the CLI and notes the anvil processes it started (its children, as
 * soon as the suites run), to check they are gone when it ends.
 */
async function runWatched(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun & { anvilPids: number[]; ms: number }> {
  let anvilPids: number[] = []
  const started = performance.now()
  const run = await runCli(args, {
    ...options,
    onSpawn: (child) => {
      child.stderr?.on('data', async (chunk: Buffer) => {
        if (anvilPids.length > 0 || !chunk.toString().includes('suite file')) return
        const { stdout } = await exec('pgrep', ['-P', String(child.pid), '-f', 'anvil'])
        anvilPids = stdout.trim().split('\n').filter(Boolean).map(Number)
      })
    },
  })
  return { ...run, anvilPids, ms: performance.now() - started }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** What every run cut short must show: exit 2, verdict error, every report, no anvil left. */
async function expectCutShort(run: Awaited<ReturnType<typeof runWatched>>, outDir: string) {
  expect(run.code, run.stderr).toBe(2)
  expect(run.signal).toBeNull()
  expect((await readdir(outDir)).sort()).toEqual(expect.arrayContaining(reports))
  const results = await readResults(outDir)
  expect(results.run.complete).toBe(false)
  expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['error'])
  // The embedded devnet runs two chains: both anvils were seen, and both are gone.
  expect(run.anvilPids).toHaveLength(2)
  for (const pid of run.anvilPids) expect(alive(pid), `anvil ${pid} still running`).toBe(false)
  return results
}

const passing = `import { expect, test } from 'signalbox/suite'
test('passes', () => { expect(1).toBe(1) })
`

describe('run deadline', () => {
  test('--timeout 12s: a test waiting and a test spinning in a synchronous loop are stopped by signalbox, the reports are written, exit 2, no anvil left', async () => {
    const cwd = await scratch('deadline', {
      'suites/a/passes.accept.ts': passing,
      // Own timeouts of 10 minutes: only the run's deadline can stop them.
      'suites/b/waits.accept.ts': `import { test } from 'signalbox/suite'
test('waits', { timeout: 600_000 }, () => new Promise((resolve) => setTimeout(resolve, 600_000)))
`,
      'suites/c/spins.accept.ts': `import { test } from 'signalbox/suite'
test('spins', { timeout: 600_000 }, async () => {
  await new Promise((resolve) => setTimeout(resolve, 300))
  while (true) {}
})
`,
    })
    const run = await runWatched(['run', '--out', 'out', '--timeout', '12s'], { cwd })
    const results = await expectCutShort(run, join(cwd, 'out'))
    // Closing vitest ended the worker stuck in its loop: the CLI ended soon after the deadline.
    expect(run.ms).toBeLessThan(40_000)
    expect(results.run.error).toContain('the run passed its deadline of 12s (--timeout)')
    const byId = new Map(results.tests.map((result) => [result.id, result]))
    expect(byId.get('a/passes.accept.ts > passes')?.status).toBe('passed')
    for (const id of ['b/waits.accept.ts > waits', 'c/spins.accept.ts > spins']) {
      expect(results.run.error).toContain(`"${id}"`)
      expect(byId.get(id)?.status, id).toBe('timedOut')
      expect(byId.get(id)?.error?.message).toMatch(
        /^stopped by signalbox: the run reached its deadline of 12s \(--timeout\) while this test had run for [\d.]+s$/,
      )
    }
    expect(run.stderr).toContain('error: the run passed its deadline of 12s')
  })

  test('--timeout takes a duration: "soon" is a usage error (exit 2) before anything starts', async () => {
    const cwd = await scratch('deadline-usage', { 'suites/a/passes.accept.ts': passing })
    const run = await runCli(['run', '--out', 'out', '--timeout', 'soon'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--timeout takes a duration such as 30s, 10m or 1h, got "soon"')
    await expect(readdir(join(cwd, 'out'))).rejects.toThrow()
  })
})

describe('endless loop', () => {
  test('a test that blocks its worker past --test-timeout is stopped by the watchdog, named, exit 2, no anvil left', async () => {
    const cwd = await scratch('loop', {
      'suites/a/passes.accept.ts': passing,
      'suites/b/spins.accept.ts': `import { test } from 'signalbox/suite'
test('spins', async () => {
  await new Promise((resolve) => setTimeout(resolve, 300))
  while (true) {}
})
`,
    })
    // The run's deadline is far off: only the watchdog can end this run in time.
    const run = await runWatched(['run', '--out', 'out', '--test-timeout', '2s'], { cwd })
    const results = await expectCutShort(run, join(cwd, 'out'))
    // 2 s timeout + 5 s grace, after the devnet's start: seconds, not the 30 minute deadline.
    expect(run.ms).toBeLessThan(45_000)
    expect(results.run.error).toContain('signalbox stopped the run: a test blocked its worker')
    expect(results.run.error).toContain(
      'b/spins.accept.ts: test "b/spins.accept.ts > spins" ran past its timeout (2s) without yielding',
    )
    const byId = new Map(results.tests.map((result) => [result.id, result]))
    expect(byId.get('a/passes.accept.ts > passes')?.status).toBe('passed')
    const spins = byId.get('b/spins.accept.ts > spins')
    expect(spins?.status).toBe('timedOut')
    expect(spins?.error?.message).toMatch(
      /^stopped by signalbox: ran for [\d.]+s, past its timeout, without yielding/,
    )
    expect(spins?.durationMs).toBeGreaterThan(7_000)
  })
})

describe('out of memory', () => {
  test('a test that allocates until its worker runs out of memory: exit 2, the reports written, the other tests kept, the file named, no anvil left', async () => {
    const cwd = await scratch('oom', {
      'suites/a/passes.accept.ts': passing,
      'suites/b/hogs.accept.ts': `import { test } from 'signalbox/suite'
test('hogs', async () => {
  await new Promise((resolve) => setTimeout(resolve, 300))
  const kept: number[][] = []
  while (true) kept.push(new Array(100_000).fill(Math.random()))
})
`,
    })
    // A small heap for every isolate of the CLI (worker threads take V8's limit): the worker
    // reaches it in about a second; signalbox's own thread stays well under it.
    const run = await runWatched(['run', '--out', 'out'], {
      cwd,
      env: { NODE_OPTIONS: '--max-old-space-size=160' },
    })
    const results = await expectCutShort(run, join(cwd, 'out'))
    expect(run.stderr).not.toContain('internal error')
    expect(results.run.error).toContain(
      'a test worker ran out of memory (ERR_WORKER_OUT_OF_MEMORY: Worker terminated due to reaching memory limit: JS heap out of memory)',
    )
    expect(results.run.error).toMatch(/while running (one of )?[^:]*b\/hogs\.accept\.ts/)
    expect(
      results.tests.find((result) => result.id === 'a/passes.accept.ts > passes')?.status,
    ).toBe('passed')
  })
})
