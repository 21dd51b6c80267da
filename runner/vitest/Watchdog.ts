import type { TestIdentity } from '../../core/index.js'

/**
 * What the main thread knows of one suite file its worker is running. vitest
 * batches what a worker tells (at most every 100 ms, on the worker's own
 * timer), so a worker whose event loop is blocked tells nothing more: not
 * even which test started last.
 */
export interface FileActivity {
  /** The file relative to its suites root. */
  file: string
  /** When the worker last said anything about this file (ms, any clock the caller keeps). */
  lastSignAtMs: number
  /** Whether its tests are known (collection ended); loading a file has no timeout in vitest. */
  collected: boolean
  /** The timeouts its tests that have not reported yet set themselves, each with how many set it. */
  pendingTimeoutsMs: ReadonlyMap<number, number>
  /** Tests known to have started and not yet reported, with when they were seen to start. */
  running: ReadonlyArray<{ test: TestIdentity; startedAtMs: number }>
  /** Tests that have not reported yet, by id, in the file's order. */
  unreported: ReadonlyMap<string, TestIdentity>
}

/** How long a file's worker may stay silent. */
export interface WatchdogLimits {
  /** The run's test timeout (`--test-timeout`). */
  testTimeoutMs: number
  /** The run's hook timeout: a hook may run that long between two signs of life. */
  hookTimeoutMs: number
  /** How long loading (collecting) a file may take without a sign of life. */
  loadTimeoutMs: number
  /** Added to every limit: vitest's own timer fires first wherever it can. */
  graceMs: number
}

/** A file whose worker stopped yielding: no test's timer can fire there. */
export interface StuckFile {
  file: string
  /** How long its worker had been silent. */
  silentMs: number
  /** The longest it could legitimately have stayed silent, grace excluded. */
  limitMs: number
  /** The tests known to be running when it stopped: those stopped. */
  running: TestIdentity[]
  /** Its tests that never reported, in order: one of them blocked it when none is known running. */
  unreported: TestIdentity[]
}

/**
 * How long a file's worker may go without a sign of life: while it loads,
 * the load timeout; then the longest timeout of a test or hook that may be
 * running (a test that awaits anything lets vitest's batched updates out).
 */
export function silenceLimitMs(activity: FileActivity, limits: WatchdogLimits): number {
  if (!activity.collected) return limits.loadTimeoutMs
  return Math.max(limits.testTimeoutMs, limits.hookTimeoutMs, ...activity.pendingTimeoutsMs.keys())
}

/**
 * The files whose worker has been silent for longer than any of their tests
 * or hooks may run, plus the grace: their worker's event loop is blocked (a
 * synchronous endless loop), so vitest's timeout cannot fire and the run
 * would wait forever.
 */
export function stuckFiles(
  files: Iterable<FileActivity>,
  nowMs: number,
  limits: WatchdogLimits,
): StuckFile[] {
  const stuck: StuckFile[] = []
  for (const activity of files) {
    const limitMs = silenceLimitMs(activity, limits)
    const silentMs = nowMs - activity.lastSignAtMs
    if (silentMs <= limitMs + limits.graceMs) continue
    stuck.push({
      file: activity.file,
      silentMs,
      limitMs,
      running: activity.running.map((entry) => entry.test),
      unreported: [...activity.unreported.values()],
    })
  }
  return stuck
}

/** A stuck file in words: which test blocked its worker, as far as is known. */
export function describeStuckFile(stuck: StuckFile): string {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`
  const which =
    stuck.running.length > 0
      ? `test ${stuck.running.map((test) => `"${test.id}"`).join(', ')} ran`
      : stuck.unreported.length > 0
        ? `one of its tests that never reported (${stuck.unreported.map((test) => `"${test.name}"`).join(', ')}) ran`
        : 'it ran'
  return `${stuck.file}: ${which} past its timeout (${seconds(stuck.limitMs)}) without yielding, so its timeout could not fire (a synchronous endless loop?); signalbox stopped it after ${seconds(stuck.silentMs)} without a sign of life from its worker`
}
