import { describe, expect, test } from 'vitest'
import { fixtureIds, fixtureResults } from '../test/fixtures/reports.js'
import { runDurationMs, slowestTests, summarizeFeatures } from './Tallies.js'

describe('runDurationMs', () => {
  test('run duration needs two ordered timestamps', () => {
    const { run } = fixtureResults()
    expect(runDurationMs(run)).toBe(747_412)
    expect(runDurationMs({ ...run, finishedAt: 'never' })).toBeUndefined()
    expect(runDurationMs({ ...run, finishedAt: '2026-11-20T14:00:00.000Z' })).toBeUndefined()
  })
})

describe('summaries', () => {
  test('per feature: failed counts every failing status', () => {
    const interop = summarizeFeatures(fixtureResults().tests).find((f) => f.feature === 'interop')
    expect(interop).toEqual({
      feature: 'interop',
      total: 4,
      passed: 2,
      failed: 2,
      skipped: 0,
      flaky: 0,
      quarantined: 0,
      durationMs: 101_180,
    })
  })

  test('slowest tests leave out skipped ones', () => {
    expect(slowestTests(fixtureResults().tests, 2).map((t) => t.id)).toEqual([
      fixtureIds.withdrawal,
      fixtureIds.relay,
    ])
  })
})
