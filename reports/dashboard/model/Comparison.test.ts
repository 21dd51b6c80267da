import { describe, expect, test } from 'vitest'
import { fixtureRun, fixtureTestId } from '../../history/testing/HistoryFixtures.js'
import { compareRuns } from './Comparison.js'

const base = fixtureRun({
  id: 'base',
  startedAt: '2026-11-01T10:00:00.000Z',
  tests: [
    { name: 'keeps passing', status: 'passed', durationMs: 1000 },
    { name: 'breaks', status: 'passed' },
    { name: 'gets fixed', status: 'failed' },
    { name: 'keeps failing', status: 'errored' },
    { name: 'goes away', status: 'passed' },
    { name: 'gets slow', status: 'passed', durationMs: 2000 },
    { name: 'was skipped', status: 'skipped', durationMs: 0 },
  ],
})
const head = fixtureRun({
  id: 'head',
  startedAt: '2026-11-02T10:00:00.000Z',
  gitCommit: 'abc123',
  tests: [
    { name: 'keeps passing', status: 'passed', durationMs: 1200 },
    { name: 'breaks', status: 'timedOut' },
    { name: 'gets fixed', status: 'passed' },
    { name: 'keeps failing', status: 'failed' },
    { name: 'is new', status: 'failed' },
    { name: 'gets slow', status: 'passed', durationMs: 9000 },
    { name: 'was skipped', status: 'passed', durationMs: 50_000 },
  ],
})
const id = (name: string) => fixtureTestId({ name })

describe('compareRuns', () => {
  test('sorts tests into new failures, fixed, still failing, new and removed', () => {
    const comparison = compareRuns(base, head)
    expect(comparison.newFailures.map((test) => test.id)).toEqual([id('breaks')])
    expect(comparison.newFailures[0]).toMatchObject({
      baseStatus: 'passed',
      headStatus: 'timedOut',
    })
    expect(comparison.newFailures[0]?.error).toBe(
      'AssertionError: expected breaks to hold on bridge',
    )
    expect(comparison.fixed.map((test) => test.id)).toEqual([id('gets fixed')])
    expect(comparison.stillFailing.map((test) => test.id)).toEqual([id('keeps failing')])
    expect(comparison.newTests).toEqual([
      expect.objectContaining({ id: id('is new'), headStatus: 'failed' }),
    ])
    expect(comparison.newTests[0]?.baseStatus).toBeUndefined()
    expect(comparison.removedTests).toEqual([
      expect.objectContaining({ id: id('goes away'), baseStatus: 'passed' }),
    ])
    expect(comparison.head).toEqual({
      id: 'head',
      startedAt: '2026-11-02T10:00:00.000Z',
      gitCommit: 'abc123',
      tests: 7,
    })
  })

  test('lists duration changes past the threshold, largest first; skipped tests have none', () => {
    const comparison = compareRuns(base, head)
    expect(comparison.durationChanges).toEqual([
      {
        id: id('gets slow'),
        name: 'gets slow',
        feature: 'bridge',
        baseMs: 2000,
        headMs: 9000,
        deltaMs: 7000,
      },
    ])
    const sensitive = compareRuns(base, head, { minMs: 100, minRatio: 0.1 })
    expect(sensitive.durationChanges.map((change) => change.name)).toEqual([
      'gets slow',
      'keeps passing',
    ])
    expect(
      compareRuns(base, head, { minMs: 100, minRatio: 0.1, max: 1 }).durationChanges,
    ).toHaveLength(1)
  })

  test('a run compared with itself has no differences', () => {
    const comparison = compareRuns(base, base)
    expect(comparison.newFailures).toEqual([])
    expect(comparison.fixed).toEqual([])
    expect(comparison.newTests).toEqual([])
    expect(comparison.removedTests).toEqual([])
    expect(comparison.durationChanges).toEqual([])
    expect(comparison.stillFailing.map((test) => test.name)).toEqual([
      'gets fixed',
      'keeps failing',
    ])
  })
})
