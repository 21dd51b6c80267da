/** Percentiles of a set of durations, in milliseconds. */
export interface LatencySummary {
  count: number
  p50: number
  p95: number
  max: number
}

/**
 * The `p`-th percentile (0 < p ≤ 100) of `values` by the nearest-rank method:
 * the smallest value that at least p % of the values do not exceed. Throws on
 * an empty list (a latency of nothing is a bug in the test, not 0 ms).
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty list')
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is outside (0, 100]`)
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[rank - 1] as number
}

/** p50, p95 and max of `durationsMs`. */
export function summarizeLatency(durationsMs: readonly number[]): LatencySummary {
  return {
    count: durationsMs.length,
    p50: percentile(durationsMs, 50),
    p95: percentile(durationsMs, 95),
    max: percentile(durationsMs, 100),
  }
}

/** `'p50 812 ms, p95 1490 ms, max 1733 ms (200 txs)'`: the form the load suites annotate. */
export function formatLatency(summary: LatencySummary, unit = 'txs'): string {
  const ms = (value: number) => `${Math.round(value)} ms`
  return `p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, max ${ms(summary.max)} (${summary.count} ${unit})`
}
