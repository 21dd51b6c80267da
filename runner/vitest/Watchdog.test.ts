import { describe, expect, test } from 'vitest'
import type { TestIdentity } from '../../core/index.js'
import { describeStuckFile, type FileActivity, silenceLimitMs, stuckFiles } from './Watchdog.js'

const limits = { testTimeoutMs: 2_000, hookTimeoutMs: 2_000, loadTimeoutMs: 60_000, graceMs: 5_000 }

const spins: TestIdentity = {
  id: 'b/spins.accept.ts > spins',
  file: 'b/spins.accept.ts',
  name: 'spins',
  feature: 'b',
}
const after: TestIdentity = {
  id: 'b/spins.accept.ts > after',
  file: 'b/spins.accept.ts',
  name: 'after',
  feature: 'b',
}

/** A file's activity; its pending timeouts and unreported tests given as lists. */
function activity(
  overrides: Partial<Omit<FileActivity, 'pendingTimeoutsMs' | 'unreported'>> & {
    pendingTimeoutsMs?: number[]
    unreported?: TestIdentity[]
  } = {},
): FileActivity {
  const { pendingTimeoutsMs = [2_000, 2_000], unreported = [spins, after], ...rest } = overrides
  const counts = new Map<number, number>()
  for (const timeout of pendingTimeoutsMs) counts.set(timeout, (counts.get(timeout) ?? 0) + 1)
  return {
    file: 'b/spins.accept.ts',
    lastSignAtMs: 1_000,
    collected: true,
    running: [{ test: spins, startedAtMs: 1_000 }],
    ...rest,
    pendingTimeoutsMs: counts,
    unreported: new Map(unreported.map((test) => [test.id, test])),
  }
}

describe('silenceLimitMs', () => {
  test("a collected file: the longest of the run's timeouts and its pending tests' own", () => {
    expect(silenceLimitMs(activity(), limits)).toBe(2_000)
    expect(silenceLimitMs(activity({ pendingTimeoutsMs: [2_000, 90_000] }), limits)).toBe(90_000)
    expect(
      silenceLimitMs(activity({ pendingTimeoutsMs: [] }), { ...limits, hookTimeoutMs: 3_000 }),
    ).toBe(3_000)
  })

  test('a file still loading: the load timeout, whatever its tests declare', () => {
    expect(silenceLimitMs(activity({ collected: false, pendingTimeoutsMs: [] }), limits)).toBe(
      60_000,
    )
  })
})

describe('stuckFiles', () => {
  test('silent up to its timeout plus the grace: not stuck (vitest may still time it out)', () => {
    expect(stuckFiles([activity()], 1_000 + 7_000, limits)).toEqual([])
  })

  test('silent past its timeout plus the grace: stuck, with the test known running', () => {
    expect(stuckFiles([activity()], 1_000 + 7_001, limits)).toEqual([
      {
        file: 'b/spins.accept.ts',
        silentMs: 7_001,
        limitMs: 2_000,
        running: [spins],
        unreported: [spins, after],
      },
    ])
  })

  test('a test with a longer timeout of its own is given it', () => {
    const long = activity({ pendingTimeoutsMs: [600_000] })
    expect(stuckFiles([long], 1_000 + 60_000, limits)).toEqual([])
    expect(stuckFiles([long], 1_000 + 605_001, limits)).toHaveLength(1)
  })

  test('each file by its own last sign of life: only the silent one is stuck', () => {
    const lively = activity({ file: 'a/lively.accept.ts', lastSignAtMs: 9_000 })
    expect(stuckFiles([lively, activity()], 10_000, limits).map((stuck) => stuck.file)).toEqual([
      'b/spins.accept.ts',
    ])
  })
})

describe('describeStuckFile', () => {
  test('names the test known running', () => {
    const [stuck] = stuckFiles([activity()], 9_500, limits)
    expect(stuck && describeStuckFile(stuck)).toMatchInlineSnapshot(
      `"b/spins.accept.ts: test "b/spins.accept.ts > spins" ran past its timeout (2s) without yielding, so its timeout could not fire (a synchronous endless loop?); signalbox stopped it after 8.5s without a sign of life from its worker"`,
    )
  })

  test('without a test known running (vitest had not told), names the tests that never reported', () => {
    const [stuck] = stuckFiles([activity({ running: [] })], 9_500, limits)
    expect(stuck && describeStuckFile(stuck)).toContain(
      'b/spins.accept.ts: one of its tests that never reported ("spins", "after") ran past its timeout (2s)',
    )
  })
})
