import type { RepeatSummary, TestResult, TestStatus } from '../../core/index.js'

/**
 * `signalbox run --repeat <n>`: each selected test runs n times on one
 * devnet, and its result says how often it passed and how long it took. A
 * test that failed even once is a failure (its status and error are those
 * of its first failing run): only 100 % is stable, and a flaky test is
 * never a pass. Pure.
 */

const failing: ReadonlySet<TestStatus> = new Set(['failed', 'errored', 'timedOut'])

/**
 * One result for a test from its results in each repetition, in the order
 * they ran; `repeat` holds every run, its pass rate and duration spread.
 *
 * @param runs At least one result, all of the same test.
 */
export function repeatedResult(runs: readonly TestResult[]): TestResult {
  const [first] = runs
  if (first === undefined) throw new Error('a repeated test needs at least one run')
  const summary = repeatSummaryOf(runs)
  const firstFailure = runs.find((run) => failing.has(run.status))
  const shown = firstFailure ?? runs.find((run) => run.status === 'passed') ?? first
  const { repeat: _repeat, ...rest } = shown
  return {
    ...rest,
    durationMs: summary.durationMs.median,
    attempts: Math.max(...runs.map((run) => run.attempts)),
    flaky: (summary.passed > 0 && summary.failed > 0) || runs.some((run) => run.flaky),
    repeat: summary,
  }
}

/** How often a test passed over its runs, and the spread of its durations. */
export function repeatSummaryOf(runs: readonly TestResult[]): RepeatSummary {
  const outcomes = runs.map(({ status, durationMs }) => ({ status, durationMs }))
  const passed = outcomes.filter((run) => run.status === 'passed').length
  const failed = outcomes.filter((run) => failing.has(run.status)).length
  const ran = outcomes.filter((run) => run.status !== 'skipped')
  const durations = (ran.length > 0 ? ran : outcomes)
    .map((run) => run.durationMs)
    .sort((a, b) => a - b)
  return {
    runs: outcomes.length,
    passed,
    failed,
    ...(passed + failed > 0 ? { passRate: passed / (passed + failed) } : {}),
    stable: passed > 0 && failed === 0,
    durationMs: {
      min: durations[0] ?? 0,
      median: median(durations),
      max: durations.at(-1) ?? 0,
    },
    outcomes,
  }
}

/** The median of sorted numbers (the mean of the middle two for an even count); 0 for none. */
function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
