import type { TestResult, Verdict } from '../gates/Results.js'

/**
 * Foundation-stage verdict: block if any test did not pass, error if the run
 * could not complete. The gate policy of the Release Readiness Process
 * replaces it.
 */
export function decide(gate: string, tests: readonly TestResult[], complete: boolean): Verdict {
  const failing = tests.filter((test) => test.status !== 'passed' && test.status !== 'skipped')
  const counts = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }
  if (!complete) {
    return {
      gate,
      decision: 'error',
      reasons: [{ rule: 'run-incomplete', message: 'the run did not complete', refs: [] }],
      counts,
      findings: [],
    }
  }
  if (failing.length === 0) return { gate, decision: 'promote', reasons: [], counts, findings: [] }
  return {
    gate,
    decision: 'block',
    reasons: [
      {
        rule: 'failed-tests',
        message: `${failing.length} test(s) failed`,
        refs: failing.map((test) => test.id),
      },
    ],
    counts,
    findings: [],
  }
}
