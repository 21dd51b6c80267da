import { describe, expect, test } from 'vitest'
import { defaultPassesToLeaveQuarantine, reviewQuarantine } from './QuarantineReview.js'

const settles = 'interop/settle.accept.ts > interop > settles'
const burst = 'load/burst.accept.ts > load > L2 burst'
const liveness = 'base/liveness.accept.ts > liveness > L1 produces blocks'

const history = [
  { testId: settles, outcomes: 30, passed: 24, failed: 6, passStreak: 2 },
  { testId: burst, outcomes: 25, passed: 24, failed: 1, passStreak: 20 },
  { testId: liveness, outcomes: 25, passed: 25, failed: 0, passStreak: 25 },
]

describe('reviewQuarantine', () => {
  test('a quarantined test may leave after 20 passes in a row, not after 19; tests not quarantined are left out', () => {
    const review = reviewQuarantine(
      [
        { test: 'interop/**', reason: 'fails 1 in 3', by: 'ana' },
        { test: burst, reason: 'flaky on CI', by: 'bob' },
      ],
      history,
      { now: '2026-11-22' },
    )
    expect(review.minPasses).toBe(defaultPassesToLeaveQuarantine)
    expect(review.tests.map((test) => [test.testId, test.canLeave, test.entry.by])).toEqual([
      [burst, true, 'bob'],
      [settles, false, 'ana'],
    ])
    expect(review.unmatched).toEqual([])
    const strict = reviewQuarantine([{ test: burst, reason: 'flaky', by: 'bob' }], history, {
      now: '2026-11-22',
      minPasses: 21,
    })
    expect(strict.tests[0]?.canLeave).toBe(false)
  })

  test('an expired entry quarantines nothing; an entry no test in history matches is listed as such', () => {
    const review = reviewQuarantine(
      [
        { test: burst, reason: 'flaky', by: 'bob', until: '2026-11-21' },
        { test: 'bridge/**', reason: 'not yet deployed', by: 'cy' },
      ],
      history,
      { now: '2026-11-22' },
    )
    expect(review.tests).toEqual([])
    expect(review.unmatched.map((entry) => entry.test)).toEqual(['bridge/**'])
  })
})
