import { describe, expect, test } from 'vitest'
import type { TestIdentity } from '../../core/index.js'
import { stopFailure, stoppedResults } from './Stopped.js'

const waits: TestIdentity = {
  id: 'b/waits.accept.ts > waits',
  file: 'b/waits.accept.ts',
  name: 'waits',
  feature: 'b',
  severity: 'SEV2',
}
const spins: TestIdentity = {
  id: 'c/spins.accept.ts > spins',
  file: 'c/spins.accept.ts',
  name: 'spins',
  feature: 'c',
}
const unfinished = [
  { test: waits, ranMs: 8_240 },
  { test: spins, ranMs: 12_000 },
]

describe('stoppedResults', () => {
  test('at the deadline: every test running is timed out, stopped by signalbox, with the deadline and how long it ran', () => {
    const results = stoppedResults(unfinished, { type: 'deadline', timeoutMs: 90_000 })
    expect(
      results.map((result) => [result.id, result.status, result.durationMs, result.error?.message]),
    ).toEqual([
      [
        waits.id,
        'timedOut',
        8_240,
        'stopped by signalbox: the run reached its deadline of 1m30s (--timeout) while this test had run for 8.2s',
      ],
      [
        spins.id,
        'timedOut',
        12_000,
        'stopped by signalbox: the run reached its deadline of 1m30s (--timeout) while this test had run for 12s',
      ],
    ])
    // What the test declares stays: its severity still classifies it.
    expect(results[0]?.severity).toBe('SEV2')
  })

  test('by the watchdog: the blocking test says it did not yield; the others were stopped because of it', () => {
    const stuck = [
      { file: spins.file, silentMs: 7_500, limitMs: 2_000, running: [spins], unreported: [spins] },
    ]
    const messages = stoppedResults(unfinished, { type: 'stuck', stuck }).map(
      (result) => result.error?.message,
    )
    expect(messages).toEqual([
      'stopped by signalbox after 8.2s: the run was stopped because another test blocked its worker',
      "stopped by signalbox: ran for 12s, past its timeout, without yielding: its worker's event loop was blocked (a synchronous endless loop?), so its timeout could not fire",
    ])
  })
})

describe('stopFailure', () => {
  test('the deadline, and the tests it stopped', () => {
    expect(stopFailure({ type: 'deadline', timeoutMs: 1_800_000 }, unfinished)).toBe(
      'the run passed its deadline of 30m (--timeout) before every test finished; stopped while running: "b/waits.accept.ts > waits", "c/spins.accept.ts > spins"',
    )
    expect(stopFailure({ type: 'deadline', timeoutMs: 5_000 }, [])).toBe(
      'the run passed its deadline of 5s (--timeout) before every test finished',
    )
  })
})
