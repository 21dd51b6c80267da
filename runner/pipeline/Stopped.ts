import { formatDurationOption, type TestResult } from '../../core/index.js'
import type { UnfinishedTest } from '../vitest/SuiteRun.js'
import { describeStuckFile, type StuckFile } from '../vitest/Watchdog.js'

/**
 * Why signalbox stopped a run before its tests ended: the run passed its
 * deadline (`--timeout`), or a test blocked its worker past its timeout.
 */
export type StopCause =
  | { type: 'deadline'; timeoutMs: number }
  | { type: 'stuck'; stuck: readonly StuckFile[] }

/** What the run's error says about the stop. */
export function stopFailure(cause: StopCause, unfinished: readonly UnfinishedTest[]): string {
  if (cause.type === 'stuck') {
    return `signalbox stopped the run: a test blocked its worker\n${cause.stuck.map(describeStuckFile).join('\n')}`
  }
  const running =
    unfinished.length > 0
      ? `; stopped while running: ${unfinished.map((entry) => `"${entry.test.id}"`).join(', ')}`
      : ''
  return `the run passed its deadline of ${formatDurationOption(cause.timeoutMs)} (--timeout) before every test finished${running}`
}

/**
 * The tests that were running when signalbox stopped the run, as results:
 * timed out, stopped by signalbox (as hive marks a test its host stopped),
 * saying why and after how long.
 */
export function stoppedResults(
  unfinished: readonly UnfinishedTest[],
  cause: StopCause,
): TestResult[] {
  const blocking = new Set(
    cause.type === 'stuck'
      ? cause.stuck.flatMap((file) => file.running.map((test) => test.id))
      : [],
  )
  return unfinished.map(({ test, ranMs }) => {
    const ran = formatDurationOption(ranMs)
    const message =
      cause.type === 'deadline'
        ? `stopped by signalbox: the run reached its deadline of ${formatDurationOption(cause.timeoutMs)} (--timeout) while this test had run for ${ran}`
        : blocking.has(test.id)
          ? `stopped by signalbox: ran for ${ran}, past its timeout, without yielding: its worker's event loop was blocked (a synchronous endless loop?), so its timeout could not fire`
          : `stopped by signalbox after ${ran}: the run was stopped because another test blocked its worker`
    return {
      ...test,
      status: 'timedOut',
      durationMs: Math.round(ranMs),
      attempts: 1,
      flaky: false,
      quarantined: false,
      error: { message },
      annotations: [],
    }
  })
}
