import Table from 'cli-table3'
import type { Results, Verdict } from '../gates/index.js'

// No colour codes: the summary is also read from logs and files.
const plain = { head: [], border: [] }

/** The end-of-run table: per feature counts, then each gate's verdict. */
export function renderSummary(results: Results): string {
  const byFeature = new Map<string, { passed: number; failed: number; skipped: number }>()
  for (const test of results.tests) {
    const counts = byFeature.get(test.feature) ?? { passed: 0, failed: 0, skipped: 0 }
    if (test.status === 'passed') counts.passed++
    else if (test.status === 'skipped') counts.skipped++
    else counts.failed++
    byFeature.set(test.feature, counts)
  }
  const features = new Table({ head: ['feature', 'passed', 'failed', 'skipped'], style: plain })
  for (const [feature, counts] of [...byFeature].sort(([a], [b]) => a.localeCompare(b))) {
    features.push([feature, counts.passed, counts.failed, counts.skipped])
  }
  const lines = [features.toString()]
  for (const check of results.health.filter((candidate) => !candidate.ok)) {
    lines.push(
      `✗ health ${check.check} on ${check.chain}${check.node ? ` (${check.node})` : ''}: ${check.detail}`,
    )
  }
  if (results.run.error) lines.push('the run did not complete (the error is above)')
  lines.push(renderVerdicts(results.verdicts))
  return lines.join('\n')
}

/** Each gate's decision, counts per severity and reasons with the findings behind them. */
export function renderVerdicts(verdicts: readonly Verdict[]): string {
  const table = new Table({
    head: ['gate', 'decision', 'SEV0', 'SEV1', 'SEV2', 'SEV3'],
    style: plain,
  })
  for (const verdict of verdicts) {
    const { SEV0, SEV1, SEV2, SEV3 } = verdict.counts
    table.push([verdict.gate, verdict.decision.toUpperCase(), SEV0, SEV1, SEV2, SEV3])
  }
  const lines = [table.toString()]
  for (const verdict of verdicts) {
    for (const reason of verdict.reasons) {
      lines.push(`${verdict.gate}: ${reason.message}`)
      for (const ref of reason.refs) lines.push(`    ${ref}`)
    }
  }
  return lines.join('\n')
}
