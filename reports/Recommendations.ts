import { healthFindingId, plural, type Results, type Severity } from '../core/index.js'
import type { ReadinessFile } from '../gates/Readiness.js'
import { type ChecklistRow, checklistRows } from './Checklist.js'
import { collectFindings, type FindingEntry, findingOwner, mitigationState } from './Findings.js'

/** One recommendation of the readiness report; `refs` are the ids it is about. */
export interface Recommendation {
  text: string
  refs: string[]
}

/** What every rule reads: the results, their findings once across gates, the readiness file. */
interface RecommendationContext {
  results: Results
  /** Every finding of the run once, most severe first. */
  findings: readonly FindingEntry[]
  /** The release candidate's readiness file, where one was given. */
  readiness: ReadinessFile | undefined
}

/** One rule: what it recommends for a run, if anything. */
type RecommendationRule = (
  context: RecommendationContext,
) => Recommendation | Recommendation[] | undefined

/** The rules, most urgent first: the report lists their recommendations in this order. */
const rules: readonly RecommendationRule[] = [
  rerunIncompleteRun,
  resolveGateErrors,
  fixCriticalFindings,
  planMajorFindings,
  renewExpiredMitigations,
  investigateHealthChecks,
  completeRequiredChecklist,
  completeOpenChecklist,
  reviewQuarantinedTests,
  stabiliseFlakyTests,
  trackMinorFindings,
  provideReadinessFile,
  recordSignoff,
]

/**
 * What should happen next, derived from the verdicts, findings, health checks,
 * quarantine and the readiness file: the "recommendations" of the Release
 * Readiness Report. Most urgent first.
 *
 * @param results The results of one run.
 * @param readiness The release candidate's readiness file (default: none, which is itself a recommendation).
 */
export function recommendations(results: Results, readiness?: ReadinessFile): Recommendation[] {
  const context: RecommendationContext = {
    results,
    findings: collectFindings(results),
    readiness,
  }
  return rules.flatMap((rule) => rule(context) ?? [])
}

function rerunIncompleteRun({ results }: RecommendationContext): Recommendation | undefined {
  const { run } = results
  if (run.complete) return undefined
  return {
    text: `Re-run: the run did not complete${run.error === undefined ? '' : ` (${run.error})`}, so no gate can promote on it.`,
    refs: [],
  }
}

function resolveGateErrors({ results }: RecommendationContext): Recommendation[] {
  return results.verdicts
    .filter((verdict) => verdict.decision === 'error')
    .map((verdict) => ({
      text: `Resolve the error that kept gate ${verdict.gate} from deciding, then re-run.`,
      refs: [],
    }))
}

function fixCriticalFindings({ findings }: RecommendationContext): Recommendation | undefined {
  const critical = findingsOf(findings, 'SEV0', 'SEV1')
  return aboutRefs(
    critical.map(findingId),
    (count) =>
      `Fix ${plural(count, 'SEV0/SEV1 finding')} before promotion${ownersOf(critical)}; a devnet must have zero catastrophic or critical issues.`,
  )
}

function planMajorFindings({ findings }: RecommendationContext): Recommendation | undefined {
  const unmitigated = findingsOf(findings, 'SEV2').filter(
    (entry) => mitigationState(entry.finding) === 'none',
  )
  return aboutRefs(
    unmitigated.map(findingId),
    (count) =>
      `Write a mitigation plan (plan, owner, expiry) for ${plural(count, 'SEV2 finding')}${ownersOf(unmitigated)}.`,
  )
}

function renewExpiredMitigations({ findings }: RecommendationContext): Recommendation | undefined {
  const expired = findings.filter((entry) => mitigationState(entry.finding) === 'expired')
  return aboutRefs(
    expired.map(findingId),
    (count) =>
      `Renew or resolve ${plural(count, 'expired mitigation')}${ownersOf(expired)}: an expired mitigation does not count.`,
  )
}

function investigateHealthChecks({ results }: RecommendationContext): Recommendation | undefined {
  const unhealthy = results.health.filter((check) => !check.ok)
  return aboutRefs(
    unhealthy.map(healthFindingId),
    (count) =>
      `Investigate ${plural(count, 'failing health check')}: the devnet may not be operational, and tests on it may fail for that reason.`,
  )
}

function completeRequiredChecklist(context: RecommendationContext): Recommendation | undefined {
  const required = openChecklistItems(context).filter((row) => row.requiredBy.length > 0)
  return aboutRefs(
    required.map((row) => row.id),
    (count) =>
      `Complete ${plural(count, 'checklist item')} that ${count === 1 ? 'a gate requires' : 'gates require'}.`,
  )
}

function completeOpenChecklist(context: RecommendationContext): Recommendation | undefined {
  const optional = openChecklistItems(context).filter((row) => row.requiredBy.length === 0)
  return aboutRefs(
    optional.map((row) => row.id),
    (count) => `Complete or waive ${plural(count, 'open checklist item')}.`,
  )
}

function reviewQuarantinedTests({ results }: RecommendationContext): Recommendation | undefined {
  const quarantined = results.tests.filter((test) => test.quarantined)
  return aboutRefs(
    quarantined.map((test) => test.id),
    (count) =>
      `Review ${plural(count, 'quarantined test')}: quarantine hides regressions from the gate.`,
  )
}

function stabiliseFlakyTests({ results }: RecommendationContext): Recommendation | undefined {
  const flaky = results.tests.filter((test) => test.flaky)
  return aboutRefs(
    flaky.map((test) => test.id),
    (count) => `Stabilise ${plural(count, 'flaky test')} (passed only on a retry).`,
  )
}

function trackMinorFindings({ findings }: RecommendationContext): Recommendation | undefined {
  return aboutRefs(
    findingsOf(findings, 'SEV3').map(findingId),
    (count) =>
      `Track ${plural(count, 'SEV3 finding')} with their owners; they are documented here and do not block.`,
  )
}

function provideReadinessFile({ readiness }: RecommendationContext): Recommendation | undefined {
  if (readiness !== undefined) return undefined
  return {
    text: 'Provide the readiness file so that the checklist and sign-off are part of this report.',
    refs: [],
  }
}

function recordSignoff({ results, readiness }: RecommendationContext): Recommendation | undefined {
  if (readiness === undefined || readiness.signoff !== undefined) return undefined
  const allPromote =
    results.verdicts.length > 0 && results.verdicts.every((v) => v.decision === 'promote')
  return {
    text: allPromote
      ? 'All gates pass: record the Platforms sign-off to promote.'
      : 'Record the Platforms pass/fail determination (sign-off) in the readiness file.',
    refs: [],
  }
}

/** A recommendation about `refs`, worded for their count; none when there are none. */
function aboutRefs(refs: string[], text: (count: number) => string): Recommendation | undefined {
  return refs.length === 0 ? undefined : { text: text(refs.length), refs }
}

function findingsOf(findings: readonly FindingEntry[], ...wanted: Severity[]): FindingEntry[] {
  return findings.filter((entry) => wanted.includes(entry.finding.severity))
}

function findingId(entry: FindingEntry): string {
  return entry.finding.id
}

/** The checklist items not done; none are looked at without a readiness file. */
function openChecklistItems({ results, readiness }: RecommendationContext): ChecklistRow[] {
  if (readiness === undefined) return []
  return checklistRows(results, readiness).filter((row) => !row.done)
}

function ownersOf(entries: readonly FindingEntry[]): string {
  const owners = [...new Set(entries.flatMap((entry) => findingOwner(entry) ?? []))]
  return owners.length === 0 ? '' : ` (owners: ${owners.sort().join(', ')})`
}
