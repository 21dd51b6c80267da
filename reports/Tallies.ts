import type { RunInfo, TestResult, TestStatus } from '../core/index.js'
import { statusLabel, statusOrder } from './Labels.js'

/**
 * What the reports count: tests per status and per feature, the slowest
 * tests, how long the run took.
 */

/** Wall-clock duration of the run, where both timestamps parse. */
export function runDurationMs(run: RunInfo): number | undefined {
  const start = Date.parse(run.startedAt)
  const end = Date.parse(run.finishedAt)
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return undefined
  return end - start
}

/** Number of tests per status; every status is present. */
export function countStatuses(tests: readonly TestResult[]): Record<TestStatus, number> {
  const counts: Record<TestStatus, number> = {
    passed: 0,
    failed: 0,
    errored: 0,
    timedOut: 0,
    skipped: 0,
  }
  for (const test of tests) counts[test.status]++
  return counts
}

/** `40 passed, 3 failed, 2 skipped`: statuses with zero tests left out. */
export function describeCounts(tests: readonly TestResult[]): string {
  const counts = countStatuses(tests)
  const parts = statusOrder
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${statusLabel[status]}`)
  return parts.length === 0 ? 'none' : parts.join(', ')
}

/** Per-feature tallies. `failed` counts failed, errored and timed-out tests. */
export interface FeatureSummary {
  feature: string
  total: number
  passed: number
  failed: number
  skipped: number
  flaky: number
  quarantined: number
  durationMs: number
}

/** Tallies per feature, sorted by feature name. */
export function summarizeFeatures(tests: readonly TestResult[]): FeatureSummary[] {
  const byFeature = new Map<string, FeatureSummary>()
  for (const test of tests) {
    let summary = byFeature.get(test.feature)
    if (summary === undefined) {
      summary = {
        feature: test.feature,
        total: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        flaky: 0,
        quarantined: 0,
        durationMs: 0,
      }
      byFeature.set(test.feature, summary)
    }
    summary.total++
    if (test.status === 'passed') summary.passed++
    else if (test.status === 'skipped') summary.skipped++
    else summary.failed++
    if (test.flaky) summary.flaky++
    if (test.quarantined) summary.quarantined++
    summary.durationMs += test.durationMs
  }
  return [...byFeature.values()].sort((a, b) => a.feature.localeCompare(b.feature))
}

/** The `count` (default 10) slowest tests that ran, slowest first; skipped ones are left out. */
export function slowestTests(tests: readonly TestResult[], count = 10): TestResult[] {
  return tests
    .filter((test) => test.status !== 'skipped')
    .sort((a, b) => b.durationMs - a.durationMs || a.id.localeCompare(b.id))
    .slice(0, count)
}
