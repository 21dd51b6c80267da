import Table from 'cli-table3'
import type { Results } from '../gates/Results.js'

/** The end-of-run table: per feature counts, then each gate's verdict and the failing tests. */
export function renderSummary(results: Results): string {
  const byFeature = new Map<string, { passed: number; failed: number; skipped: number }>()
  for (const test of results.tests) {
    const counts = byFeature.get(test.feature) ?? { passed: 0, failed: 0, skipped: 0 }
    if (test.status === 'passed') counts.passed++
    else if (test.status === 'skipped') counts.skipped++
    else counts.failed++
    byFeature.set(test.feature, counts)
  }
  const features = new Table({ head: ['feature', 'passed', 'failed', 'skipped'] })
  for (const [feature, counts] of [...byFeature].sort(([a], [b]) => a.localeCompare(b))) {
    features.push([feature, counts.passed, counts.failed, counts.skipped])
  }
  const lines = [features.toString()]
  for (const test of results.tests.filter(
    (candidate) => !['passed', 'skipped'].includes(candidate.status),
  )) {
    lines.push(
      `✗ ${test.status}: ${test.id}${test.error ? `\n    ${test.error.message.split('\n')[0]}` : ''}`,
    )
  }
  if (results.run.error) lines.push('the run did not complete (the error is above)')
  for (const verdict of results.verdicts) {
    lines.push(`gate ${verdict.gate}: ${verdict.decision.toUpperCase()}`)
    for (const reason of verdict.reasons) lines.push(`  - ${reason.message}`)
  }
  return lines.join('\n')
}
