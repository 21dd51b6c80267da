import type { Finding, HealthCheck, Reason, SeverityCounts, Verdict } from '../core/index.js'
import { plural, type Severity, severities } from '../core/index.js'
import { type ClassifiableTest, classifyFindings, isFindingStatus } from './Classification.js'
import type { ResolvedGate } from './Gate.js'
import type { ReadinessFile } from './Readiness.js'
import { type Selection, selectTests } from './Selection.js'

/** Everything `evaluate` judges: plain data, today included. */
export interface EvaluateInput {
  gate: ResolvedGate
  /** Every test of the run; the gate selects its own. */
  tests: readonly ClassifiableTest[]
  /** Every health check of the run. */
  health: readonly HealthCheck[]
  /** The release candidate's readiness file. Default: none, so no checklist item is done. */
  readiness?: ReadinessFile | undefined
  /** Today, for mitigation expiry: `YYYY-MM-DD` or a `Date` (read in UTC). */
  now: string | Date
  /** False when the run stopped before every selected test reported. */
  complete: boolean
  /** Why the run could not complete or decide, where something went wrong. Default: nothing did. */
  error?: string | undefined
}

/**
 * Judges a run against a gate. The decision is `error` when the run could not
 * decide (it did not complete, or `error` is given): such a run never
 * promotes, whatever its findings. Otherwise it is `block` with one reason per
 * violated rule, or `promote` when none is violated. Findings and counts are
 * filled in either way; counts are the findings that count (open, and not
 * from a quarantined test the gate excludes).
 *
 * Reasons come in a fixed order: no tests selected, open findings over
 * `maxOpen` (SEV0 to SEV3), SEV2 blocked / unmitigated / mitigation expired,
 * checklist, skips, too few tests.
 */
export function evaluate(input: EvaluateInput): Verdict {
  const { gate } = input
  const selection = selectTests(gate, input.tests)
  const findings = markQuarantined(
    classifyFindings({
      gate,
      tests: selection.selected,
      health: input.health,
      readiness: input.readiness,
      now: input.now,
    }),
    gate,
    selection,
  )
  const counted = findings.filter((finding) => !finding.quarantined)
  const reasons = couldNotDecide(input) ?? policyReasons(input, selection, counted)
  return {
    gate: gate.name,
    decision: decide(input, reasons),
    reasons,
    counts: countBySeverity(counted),
    findings,
  }
}

function decide(input: EvaluateInput, reasons: readonly Reason[]): Verdict['decision'] {
  if (!input.complete || input.error !== undefined) return 'error'
  return reasons.length > 0 ? 'block' : 'promote'
}

function couldNotDecide(input: EvaluateInput): Reason[] | undefined {
  if (!input.complete) {
    const why = input.error ?? 'it stopped before every selected test reported'
    return [{ rule: 'run-incomplete', message: `The run did not complete: ${why}`, refs: [] }]
  }
  if (input.error !== undefined) {
    return [{ rule: 'run-error', message: `The run could not decide: ${input.error}`, refs: [] }]
  }
  return undefined
}

/** Under `quarantine: exclude`, a quarantined test's finding is listed but does not count. */
function markQuarantined(
  findings: Finding[],
  gate: ResolvedGate,
  selection: Selection<ClassifiableTest>,
): Finding[] {
  if (gate.policy.quarantine !== 'exclude') return findings
  const quarantined = quarantinedIds(selection.selected)
  return findings.map((finding) =>
    finding.source === 'test' && quarantined.has(finding.id)
      ? { ...finding, quarantined: true }
      : finding,
  )
}

function quarantinedIds(tests: readonly ClassifiableTest[]): Set<string> {
  return new Set(tests.filter((test) => test.quarantined).map((test) => test.id))
}

function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }
  for (const finding of findings) counts[finding.severity] += 1
  return counts
}

function policyReasons(
  input: EvaluateInput,
  selection: Selection<ClassifiableTest>,
  counted: readonly Finding[],
): Reason[] {
  const { gate } = input
  // Under `quarantine: exclude` a quarantined test is no evidence either way:
  // its skip does not block and its run does not count towards `minTests`.
  const judged =
    gate.policy.quarantine === 'exclude'
      ? selection.selected.filter((test) => !test.quarantined)
      : selection.selected
  const reasons = [
    noTestsSelected(gate, selection),
    ...severities.map((severity) => overMaxOpen(gate, severity, counted)),
    sev2Blocked(gate, counted),
    sev2Unmitigated(gate, counted),
    sev2MitigationExpired(gate, counted),
    checklistIncomplete(gate, input.readiness),
    skipsPresent(gate, judged),
    selection.selected.length > 0 ? tooFewTests(gate, judged) : undefined,
  ]
  return reasons.filter((reason) => reason !== undefined)
}

function noTestsSelected(
  gate: ResolvedGate,
  selection: Selection<ClassifiableTest>,
): Reason | undefined {
  if (selection.selected.length > 0) return undefined
  const total = selection.excluded.length
  return {
    rule: 'no-tests-selected',
    message: `Gate "${gate.name}" selected none of the ${total} tests of the run: a run that tests nothing is no pass`,
    refs: [],
  }
}

function overMaxOpen(
  gate: ResolvedGate,
  severity: Severity,
  counted: readonly Finding[],
): Reason | undefined {
  const max = gate.policy.maxOpen[severity]
  // `block` already turns away every SEV2; a second reason would repeat it.
  if (max === null || (severity === 'SEV2' && gate.policy.SEV2 === 'block')) return undefined
  const open = counted.filter((finding) => finding.severity === severity)
  if (open.length <= max) return undefined
  return {
    rule: `open-${severity.toLowerCase()}`,
    message: `${plural(open.length, `open ${severity} finding`)}; gate "${gate.name}" allows ${max}`,
    refs: ids(open),
  }
}

function sev2Blocked(gate: ResolvedGate, counted: readonly Finding[]): Reason | undefined {
  if (gate.policy.SEV2 !== 'block') return undefined
  const open = counted.filter((finding) => finding.severity === 'SEV2')
  if (open.length === 0) return undefined
  return {
    rule: 'sev2-blocked',
    message: `${plural(open.length, 'open SEV2 finding')}; gate "${gate.name}" allows no SEV2 findings, mitigated or not`,
    refs: ids(open),
  }
}

function sev2Unmitigated(gate: ResolvedGate, counted: readonly Finding[]): Reason | undefined {
  if (gate.policy.SEV2 !== 'mitigation-required') return undefined
  const unmitigated = counted.filter(
    (finding) => finding.severity === 'SEV2' && !finding.mitigation,
  )
  if (unmitigated.length === 0) return undefined
  return {
    rule: 'sev2-unmitigated',
    message: `${plural(unmitigated.length, 'SEV2 finding')} without a mitigation plan; gate "${gate.name}" needs one for every SEV2 finding (add it to the readiness file's mitigations)`,
    refs: ids(unmitigated),
  }
}

function sev2MitigationExpired(
  gate: ResolvedGate,
  counted: readonly Finding[],
): Reason | undefined {
  if (gate.policy.SEV2 !== 'mitigation-required') return undefined
  const expired = counted.filter(
    (finding) => finding.severity === 'SEV2' && finding.mitigationExpired,
  )
  if (expired.length === 0) return undefined
  const which = expired.map(
    (finding) => `${finding.id} (expired after ${finding.mitigation?.expires})`,
  )
  return {
    rule: 'sev2-mitigation-expired',
    message: `${plural(expired.length, 'SEV2 finding')} with an expired mitigation plan, which no longer counts: ${which.join('; ')}`,
    refs: ids(expired),
  }
}

function checklistIncomplete(
  gate: ResolvedGate,
  readiness: ReadinessFile | undefined,
): Reason | undefined {
  const items = new Map((readiness?.checklist ?? []).map((item) => [item.id, item]))
  const problems = gate.policy.requiredChecklist.flatMap((id) => {
    const item = items.get(id)
    if (!item)
      return [{ id, why: readiness ? 'missing from the readiness file' : 'no readiness file' }]
    return item.done ? [] : [{ id, why: 'not done' }]
  })
  if (problems.length === 0) return undefined
  return {
    rule: 'checklist-incomplete',
    message: `Gate "${gate.name}" requires checklist items that are not done: ${problems.map(({ id, why }) => `${id} (${why})`).join(', ')}`,
    refs: problems.map(({ id }) => id),
  }
}

function skipsPresent(gate: ResolvedGate, judged: readonly ClassifiableTest[]): Reason | undefined {
  if (gate.policy.skips !== 'fail') return undefined
  const skipped = judged.filter((test) => test.status === 'skipped')
  if (skipped.length === 0) return undefined
  return {
    rule: 'skips',
    message: `${plural(skipped.length, 'selected test')} skipped; gate "${gate.name}" allows no skips`,
    // Sorted so that merged shards list them the same whatever order they came in.
    refs: ids(skipped).sort(),
  }
}

function tooFewTests(gate: ResolvedGate, judged: readonly ClassifiableTest[]): Reason | undefined {
  const ran = judged.filter((test) => test.status === 'passed' || isFindingStatus(test.status))
  if (ran.length >= gate.policy.minTests) return undefined
  return {
    rule: 'min-tests',
    message: `${plural(ran.length, 'selected test')} ran; gate "${gate.name}" needs at least ${gate.policy.minTests}`,
    refs: [],
  }
}

function ids(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id)
}
