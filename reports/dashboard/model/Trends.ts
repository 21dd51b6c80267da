import { z } from 'zod'
import {
  type SeverityCounts as Counts,
  Decision,
  type Results,
  SeverityCounts,
  type TestResult,
} from '../../../core/index.js'
import type { RunSummary } from '../../history/Records.js'

/**
 * How a gate, or one feature on a gate, did over its last runs: pass rate,
 * open findings per severity and duration, one point per run, oldest first.
 * Plain data in, plain data out.
 */

export const TrendPoint = z.object({
  runId: z.string(),
  startedAt: z.string(),
  /** The gate's decision on the run. */
  decision: Decision,
  /** Passed / tests that ran (skipped ones left out); null when none ran. */
  passRate: z.number().min(0).max(1).nullable(),
  /** Tests that ran. */
  tests: z.number().int().nonnegative(),
  /** Open findings per severity on the gate, as its verdict counted them. */
  findings: SeverityCounts,
  /** The run's wall-clock duration; for a feature, the sum of its tests' durations. */
  durationMs: z.number().nonnegative(),
})
export type TrendPoint = z.infer<typeof TrendPoint>

export const Trend = z.object({
  gate: z.string(),
  /** The feature the trend is about; none for the whole gate. */
  feature: z.string().optional(),
  /** Oldest first. */
  points: z.array(TrendPoint),
})
export type Trend = z.infer<typeof Trend>

const noFindings: Counts = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }

/** Passed over ran, null when nothing ran. */
function passRate(passed: number, ran: number): number | null {
  return ran === 0 ? null : passed / ran
}

function oldestFirst<T extends { startedAt: string }>(points: T[]): T[] {
  return points.sort((a, b) => a.startedAt.localeCompare(b.startedAt))
}

/**
 * A gate's trend from run summaries (any order): runs not judged by `gate`
 * are left out.
 */
export function gateTrend(runs: readonly RunSummary[], gate: string): Trend {
  const points = runs.flatMap((run): TrendPoint[] => {
    const verdict = run.verdicts.find((candidate) => candidate.gate === gate)
    if (verdict === undefined) return []
    const passed = run.tests.passed
    const ran = Object.entries(run.tests)
      .filter(([status]) => status !== 'skipped')
      .reduce((sum, [, count]) => sum + count, 0)
    return [
      {
        runId: run.id,
        startedAt: run.startedAt,
        decision: verdict.decision,
        passRate: passRate(passed, ran),
        tests: ran,
        findings: { ...verdict.counts },
        durationMs: run.durationMs,
      },
    ]
  })
  return { gate, points: oldestFirst(points) }
}

/**
 * One feature's trend on a gate from whole runs (any order): its tests' pass
 * rate and summed duration, and the open findings the gate's verdict charges
 * to its tests (quarantined ones, which the verdict does not count, left out).
 * Runs not judged by `gate` are left out.
 */
export function featureTrend(runs: readonly Results[], gate: string, feature: string): Trend {
  const points = runs.flatMap((results): TrendPoint[] => {
    const verdict = results.verdicts.find((candidate) => candidate.gate === gate)
    if (verdict === undefined) return []
    const tests = new Map<string, TestResult>()
    for (const test of results.tests) if (test.feature === feature) tests.set(test.id, test)
    const ran = [...tests.values()].filter((test) => test.status !== 'skipped')
    const findings = { ...noFindings }
    for (const finding of verdict.findings) {
      if (finding.source === 'test' && finding.quarantined !== true && tests.has(finding.id)) {
        findings[finding.severity]++
      }
    }
    return [
      {
        runId: results.run.id,
        startedAt: results.run.startedAt,
        decision: verdict.decision,
        passRate: passRate(ran.filter((test) => test.status === 'passed').length, ran.length),
        tests: ran.length,
        findings,
        durationMs: ran.reduce((sum, test) => sum + test.durationMs, 0),
      },
    ]
  })
  return { gate, feature, points: oldestFirst(points) }
}
