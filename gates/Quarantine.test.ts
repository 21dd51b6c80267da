import { describe, expect, test } from 'vitest'
import { applyQuarantine } from './Quarantine.js'

const tests = [
  { id: 'load/burst.accept.ts > load > L1 burst', quarantined: false },
  { id: 'load/burst.accept.ts > load > L2 burst', quarantined: false },
  { id: 'base/liveness.accept.ts > liveness > L1 produces blocks', quarantined: false },
]

describe('applyQuarantine', () => {
  test('marks the tests an entry names, by id or pattern, and no others', () => {
    const marked = applyQuarantine(
      tests,
      [{ test: 'load/** > *', reason: 'flaky on CI', by: 'bob' }],
      '2026-11-22',
    )
    expect(marked.map((test) => test.quarantined)).toEqual([true, true, false])
  })

  test('an entry counts through its until day, not after', () => {
    const entry = {
      test: 'load/burst.accept.ts > load > L1 burst',
      reason: 'flaky',
      by: 'bob',
      until: '2026-11-22',
    }
    expect(applyQuarantine(tests, [entry], '2026-11-22')[0]?.quarantined).toBe(true)
    expect(applyQuarantine(tests, [entry], '2026-11-23')[0]?.quarantined).toBe(false)
  })

  test('leaves the input as it was', () => {
    applyQuarantine(tests, [{ test: 'load/** > *', reason: 'flaky', by: 'bob' }], '2026-11-22')
    expect(tests.every((test) => !test.quarantined)).toBe(true)
  })
})
