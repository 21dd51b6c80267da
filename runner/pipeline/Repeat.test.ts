import { describe, expect, test } from 'vitest'
import type { TestResult, TestStatus } from '../../core/index.js'
import { repeatedResult } from './Repeat.js'

function runOf(status: TestStatus, durationMs: number, message?: string): TestResult {
  return {
    id: 'interop/settle.accept.ts > interop > settles',
    file: 'interop/settle.accept.ts',
    name: 'settles',
    feature: 'interop',
    status,
    durationMs,
    attempts: 1,
    flaky: false,
    quarantined: false,
    annotations: [],
    ...(message ? { error: { message } } : {}),
  }
}

describe('repeatedResult', () => {
  test('passed every time: stable, pass rate 1, the median duration and the spread', () => {
    const result = repeatedResult([runOf('passed', 30), runOf('passed', 10), runOf('passed', 20)])
    expect(result.status).toBe('passed')
    expect(result.flaky).toBe(false)
    expect(result.durationMs).toBe(20)
    expect(result.repeat).toEqual({
      runs: 3,
      passed: 3,
      failed: 0,
      passRate: 1,
      stable: true,
      durationMs: { min: 10, median: 20, max: 30 },
      outcomes: [
        { status: 'passed', durationMs: 30 },
        { status: 'passed', durationMs: 10 },
        { status: 'passed', durationMs: 20 },
      ],
    })
  })

  test('failed once in three: a flaky failure with the first failure’s error, not stable', () => {
    const result = repeatedResult([
      runOf('passed', 10),
      runOf('failed', 40, 'lost the race'),
      runOf('timedOut', 60_000, 'timed out'),
      runOf('passed', 20),
    ])
    expect(result.status).toBe('failed')
    expect(result.error).toEqual({ message: 'lost the race' })
    expect(result.flaky).toBe(true)
    expect(result.durationMs).toBe(30)
    expect(result.repeat).toMatchObject({
      runs: 4,
      passed: 2,
      failed: 2,
      passRate: 0.5,
      stable: false,
    })
  })

  test('skipped every time: skipped, no pass rate, not stable', () => {
    const result = repeatedResult([runOf('skipped', 0), runOf('skipped', 0)])
    expect(result.status).toBe('skipped')
    expect(result.repeat).not.toHaveProperty('passRate')
    expect(result.repeat?.stable).toBe(false)
  })

  test('skips do not count against the pass rate or the durations', () => {
    const result = repeatedResult([runOf('passed', 10), runOf('skipped', 0), runOf('passed', 30)])
    expect(result.status).toBe('passed')
    expect(result.repeat).toMatchObject({
      passRate: 1,
      stable: true,
      durationMs: { min: 10, median: 20, max: 30 },
    })
  })
})
