import { describe, expect, test } from 'vitest'
import { formatLatency, percentile, summarizeLatency } from './Latency.js'

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => 100 - index)

  test('p50 and p95 of 1…100 are 50 and 95, whatever the order', () => {
    expect(percentile(hundred, 50)).toBe(50)
    expect(percentile(hundred, 95)).toBe(95)
    expect(percentile(hundred, 100)).toBe(100)
  })

  test('of one value is that value', () => {
    expect(percentile([42], 95)).toBe(42)
  })

  test('refuses an empty list and a percentile outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow('empty')
    expect(() => percentile([1], 0)).toThrow('outside')
  })
})

test('summarizeLatency and formatLatency', () => {
  const summary = summarizeLatency([400, 100, 300, 200.4])
  expect(summary).toEqual({ count: 4, p50: 200.4, p95: 400, max: 400 })
  expect(formatLatency(summary)).toBe('p50 200 ms, p95 400 ms, max 400 ms (4 txs)')
})
