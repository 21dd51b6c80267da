import { z } from 'zod'
import { Day, Severity } from '../core/index.js'
import { parseFileContent } from './FileSchema.js'

/**
 * The readiness file: one per release candidate, edited by Platforms. It holds
 * what a test run cannot know: the checklist, manual and exploratory findings,
 * triage overrides, mitigation plans and the sign-off. This schema is the
 * single definition of the format.
 */

const Text = z.string().min(1, { error: 'expected a non-empty string' })

function duplicateIds(items: readonly { id: string }[]): string[] {
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  for (const { id } of items) {
    if (seen.has(id)) duplicates.add(id)
    seen.add(id)
  }
  return [...duplicates]
}

/** A list whose items are referred to by id elsewhere: two with one id would be ambiguous. */
function withUniqueIds<Item extends z.ZodType<{ id: string }>>(item: Item) {
  return z.array(item).refine((items) => duplicateIds(items).length === 0, {
    error: (issue) => {
      const duplicates = duplicateIds(issue.input as { id: string }[])
      return `expected unique ids, but ${duplicates.map((id) => `"${id}"`).join(', ')} appear more than once`
    },
  })
}

/** A readiness checklist item (FMA started, audit done, runbooks…). */
export const ChecklistItem = z.strictObject({
  /** What gates name in `requiredChecklist`, e.g. `fma-started`. */
  id: Text,
  title: Text,
  done: z.boolean(),
  links: z.array(Text).optional(),
})
export type ChecklistItem = z.infer<typeof ChecklistItem>

/** A manual finding is open until someone marks it resolved. */
export const ManualFindingStatus = z.enum(['open', 'resolved'])
export type ManualFindingStatus = z.infer<typeof ManualFindingStatus>

/** A finding from manual or exploratory testing. Only open ones count. */
export const ManualFinding = z.strictObject({
  id: Text,
  title: Text,
  severity: Severity,
  owner: Text.optional(),
  link: Text.optional(),
  status: ManualFindingStatus,
})
export type ManualFinding = z.infer<typeof ManualFinding>

/** Re-classifies the failure of the tests `test` names (a test id or pattern). Wins over every rule. */
export const TriageOverride = z.strictObject({
  test: Text,
  severity: Severity,
  reason: Text,
  /** Who decided. */
  by: Text,
})
export type TriageOverride = z.infer<typeof TriageOverride>

/** A mitigation plan for one finding. It counts up to and including `expires`. */
export const MitigationPlan = z.strictObject({
  /** The finding's id: a test id, a manual finding's id, a health check's (`healthFindingId`). */
  finding: Text,
  plan: Text,
  owner: Text,
  expires: Day,
  link: Text.optional(),
})
export type MitigationPlan = z.infer<typeof MitigationPlan>

/**
 * Quarantines the tests `test` names (a test id or pattern): known-flaky or
 * known-broken tests whose failures a gate with `quarantine: exclude` lists
 * without counting. Counts up to and including `until`, when given.
 */
export const QuarantineEntry = z.strictObject({
  test: Text,
  reason: Text,
  /** Who decided. */
  by: Text,
  until: Day.optional(),
})
export type QuarantineEntry = z.infer<typeof QuarantineEntry>

/** Who signed the release candidate off, and when. Recorded, not used by the verdict. */
export const Signoff = z.strictObject({
  by: Text,
  /** When, as the signer wrote it (a date, or a date and time). */
  at: Text,
  decision: z.enum(['promote', 'block']).optional(),
  notes: z.string().optional(),
})
export type Signoff = z.infer<typeof Signoff>

/** The whole readiness file. */
export const ReadinessFile = z.strictObject({
  version: z.literal(1),
  /** The release candidate this file is about. */
  release: Text,
  checklist: withUniqueIds(ChecklistItem).default([]),
  findings: withUniqueIds(ManualFinding).default([]),
  triage: z.array(TriageOverride).default([]),
  mitigations: z.array(MitigationPlan).default([]),
  quarantine: z.array(QuarantineEntry).default([]),
  signoff: Signoff.optional(),
})
export type ReadinessFile = z.infer<typeof ReadinessFile>

/**
 * Validates the content of a readiness file. Reading the file and parsing its
 * YAML is the caller's job. `checklist`, `findings`, `triage` and
 * `mitigations` default to empty lists.
 *
 * @param data The file's content, parsed from YAML.
 * @param fileName How errors name the file, e.g. `readiness/v1.4.0.yaml`.
 * @throws {GateConfigError} naming the file, the path inside it and what was expected.
 */
export function parseReadinessFile(data: unknown, fileName: string): ReadinessFile {
  return parseFileContent(ReadinessFile, data, fileName, 'readiness file')
}
