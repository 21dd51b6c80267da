import { toDay } from '../core/index.js'
import type { QuarantineEntry } from './Readiness.js'
import { compileTestPattern } from './TestPattern.js'

/**
 * Marks the tests a readiness file quarantines (`quarantined: true`), by test
 * id or pattern; an entry whose `until` day has passed no longer counts.
 * Whether a quarantined failure counts is the gate's `quarantine` policy.
 *
 * @param tests The run's tests.
 * @param entries The readiness file's `quarantine` list.
 * @param now Today: `YYYY-MM-DD` or a Date (read in UTC).
 */
export function applyQuarantine<T extends { id: string; quarantined: boolean }>(
  tests: readonly T[],
  entries: readonly QuarantineEntry[],
  now: string | Date,
): T[] {
  const today = toDay(now)
  const active = entries
    .filter((entry) => entry.until === undefined || entry.until >= today)
    .map((entry) => compileTestPattern(entry.test))
  return tests.map((test) =>
    test.quarantined || !active.some((pattern) => pattern.test(test.id))
      ? test
      : { ...test, quarantined: true },
  )
}
