import type { Finding, Results, TestResult, Verdict } from '../core/index.js'
import { type Severity, severities } from '../core/index.js'
import { compareSeverity } from './Labels.js'

/**
 * The findings of a run as the reports show them: each finding once across
 * the gates, with the gates it blocks, its owner and its mitigation. A report
 * must never understate, so the most severe classification wins.
 */

/** A finding as it appears across all the gates of the run. */
export interface FindingEntry {
  finding: Finding
  /** Gates whose verdict lists this finding, in run order. */
  gates: string[]
  /** Gates whose non-promote verdict names this finding in a reason. */
  blocks: string[]
  /** The test behind a test finding, where the run has it. */
  test?: TestResult
}

/** Ids named by the reasons of a verdict that did not promote. */
function blockingRefs(verdict: Verdict): Set<string> {
  const refs = new Set<string>()
  if (verdict.decision === 'promote') return refs
  for (const reason of verdict.reasons) for (const ref of reason.refs) refs.add(ref)
  return refs
}

/**
 * Every finding of the run once, most severe first. A finding listed by several
 * gates keeps its most severe classification: a report must never understate.
 */
export function collectFindings(results: Results): FindingEntry[] {
  const testsById = new Map(results.tests.map((test) => [test.id, test]))
  const entries = new Map<string, FindingEntry>()
  for (const verdict of results.verdicts) {
    const refs = blockingRefs(verdict)
    for (const finding of verdict.findings) {
      let entry = entries.get(finding.id)
      if (entry === undefined) {
        entry = { finding, gates: [], blocks: [] }
        const test = finding.source === 'test' ? testsById.get(finding.id) : undefined
        if (test !== undefined) entry.test = test
        entries.set(finding.id, entry)
      } else if (compareSeverity(finding.severity, entry.finding.severity) < 0) {
        entry.finding = finding
      }
      if (!entry.gates.includes(verdict.gate)) entry.gates.push(verdict.gate)
      if (refs.has(finding.id) && !entry.blocks.includes(verdict.gate)) {
        entry.blocks.push(verdict.gate)
      }
    }
  }
  return [...entries.values()].sort(
    (a, b) =>
      compareSeverity(a.finding.severity, b.finding.severity) ||
      b.blocks.length - a.blocks.length ||
      a.finding.id.localeCompare(b.finding.id),
  )
}

/** Who answers for a finding: its own owner, else its test's. */
export function findingOwner(entry: FindingEntry): string | undefined {
  return entry.finding.owner ?? entry.test?.owner
}

/** Findings per severity, counted once across gates. */
export function countFindings(entries: readonly FindingEntry[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }
  for (const entry of entries) counts[entry.finding.severity]++
  return counts
}

/**
 * The severity each test is reported with: the classified severity of its
 * finding where it has one (most severe across gates), else its declared one.
 */
export function testSeverities(results: Results): Map<string, Severity> {
  const severities = new Map<string, Severity>()
  for (const test of results.tests) {
    if (test.severity !== undefined) severities.set(test.id, test.severity)
  }
  const classified = new Map<string, Severity>()
  for (const verdict of results.verdicts) {
    for (const finding of verdict.findings) {
      if (finding.source !== 'test') continue
      const known = classified.get(finding.id)
      if (known === undefined || compareSeverity(finding.severity, known) < 0) {
        classified.set(finding.id, finding.severity)
      }
    }
  }
  for (const [id, severity] of classified) severities.set(id, severity)
  return severities
}

/** The state of a finding's mitigation. */
export type MitigationState = 'none' | 'valid' | 'expired'

/** Whether a finding has a mitigation that still counts. */
export function mitigationState(finding: Finding): MitigationState {
  if (finding.mitigation === undefined) return 'none'
  return finding.mitigationExpired === true ? 'expired' : 'valid'
}

/**
 * What a verdict without reasons says: that it promotes, with the open findings
 * its policy allows, or that no reason was recorded.
 */
export function reasonlessVerdictText(verdict: Verdict): string {
  if (verdict.decision !== 'promote') return 'No reason was recorded.'
  const open = severities
    .filter((severity) => verdict.counts[severity] > 0)
    .map((severity) => `${verdict.counts[severity]} ${severity}`)
  return `All promotion rules hold.${open.length > 0 ? ` Open findings within policy: ${open.join(', ')}.` : ' No open findings.'}`
}
