import type { Results } from '../core/index.js'
import type { ReadinessFile } from '../gates/Readiness.js'

/** A checklist item as the reports show it. */
export interface ChecklistRow {
  id: string
  title: string
  done: boolean
  links: string[]
  /** Gates that block because this item is not done (or missing). */
  requiredBy: string[]
  /** A gate requires it, but the readiness file does not list it. */
  missing: boolean
}

/**
 * The readiness file's checklist, with the gates that block on each open item
 * (from their `checklist-incomplete` reasons); items a gate requires that the
 * file does not list come last, marked missing.
 */
export function checklistRows(
  results: Results,
  readiness: ReadinessFile | undefined,
): ChecklistRow[] {
  const requiredBy = new Map<string, string[]>()
  for (const verdict of results.verdicts) {
    for (const reason of verdict.reasons) {
      if (reason.rule !== 'checklist-incomplete') continue
      for (const ref of reason.refs) {
        const gates = requiredBy.get(ref) ?? []
        if (!gates.includes(verdict.gate)) gates.push(verdict.gate)
        requiredBy.set(ref, gates)
      }
    }
  }
  const listed = readiness?.checklist ?? []
  const rows: ChecklistRow[] = listed.map((item) => ({
    id: item.id,
    title: item.title,
    done: item.done,
    links: item.links ?? [],
    requiredBy: requiredBy.get(item.id) ?? [],
    missing: false,
  }))
  const known = new Set(listed.map((item) => item.id))
  for (const [id, gates] of requiredBy) {
    if (!known.has(id)) {
      rows.push({ id, title: id, done: false, links: [], requiredBy: gates, missing: true })
    }
  }
  return rows
}
