import { toDay } from '../core/index.js'
import type { QuarantineEntry } from './Readiness.js'
import { compileTestPattern } from './TestPattern.js'

/**
 * Which quarantined tests have passed often enough to leave quarantine. A
 * quarantined test keeps running (quarantine changes how a gate counts its
 * failures, not whether it runs), so history knows how it does: once it has
 * passed `minPasses` times in a row since its last failure, it may leave.
 *
 * The default, 20 passes in a row, is what a test that still failed one run
 * in ten would show only one time in eight (0.9^20 ≈ 0.12), and one that
 * failed one run in three practically never (0.67^20 ≈ 0.0003); a test run
 * with `--repeat 20` after its fix gives that evidence in one run. Pure.
 */

/** Passes in a row a quarantined test needs to leave quarantine, unless said otherwise. */
export const defaultPassesToLeaveQuarantine = 20

/** What history says of one test (see the history store's `testStats`). */
export interface TestRecord {
  testId: string
  /** Outcomes that were not skipped. */
  outcomes: number
  passed: number
  failed: number
  /** Passes in a row, newest first, up to the last failure. */
  passStreak: number
}

/** A quarantined test, the entry that quarantines it, and whether it may leave. */
export interface QuarantinedTest extends TestRecord {
  /** The readiness file's entry (a test id or pattern). */
  entry: QuarantineEntry
  /** Passed at least `minPasses` times in a row since its last failure. */
  canLeave: boolean
}

/** The quarantine, reviewed against history. */
export interface QuarantineReview {
  /** Every test in history an active entry quarantines, those that may leave first, then by id. */
  tests: QuarantinedTest[]
  /** Active entries that match no test in history: nothing can be said of them yet. */
  unmatched: QuarantineEntry[]
  minPasses: number
}

/**
 * Reviews a readiness file's quarantine against what history says of each
 * test. Entries whose `until` day has passed quarantine nothing any more and
 * are left out.
 *
 * @param entries The readiness file's `quarantine` list.
 * @param tests What history says of each test it has seen.
 * @param options.now Today: `YYYY-MM-DD` or a Date (read in UTC).
 * @param options.minPasses Passes in a row to leave. Default: 20.
 */
export function reviewQuarantine(
  entries: readonly QuarantineEntry[],
  tests: readonly TestRecord[],
  options: { now: string | Date; minPasses?: number },
): QuarantineReview {
  const minPasses = options.minPasses ?? defaultPassesToLeaveQuarantine
  const today = toDay(options.now)
  const active = entries
    .filter((entry) => entry.until === undefined || entry.until >= today)
    .map((entry) => ({ entry, pattern: compileTestPattern(entry.test) }))
  const matched = new Set<QuarantineEntry>()
  const quarantined: QuarantinedTest[] = []
  for (const test of tests) {
    const by = active.find(({ pattern }) => pattern.test(test.testId))
    if (by === undefined) continue
    matched.add(by.entry)
    quarantined.push({
      testId: test.testId,
      outcomes: test.outcomes,
      passed: test.passed,
      failed: test.failed,
      passStreak: test.passStreak,
      entry: by.entry,
      canLeave: test.passStreak >= minPasses,
    })
  }
  quarantined.sort(
    (a, b) =>
      Number(b.canLeave) - Number(a.canLeave) ||
      (a.testId < b.testId ? -1 : a.testId > b.testId ? 1 : 0),
  )
  return {
    tests: quarantined,
    unmatched: active.map(({ entry }) => entry).filter((entry) => !matched.has(entry)),
    minPasses,
  }
}
