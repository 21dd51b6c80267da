import {
  type HealthCheck,
  healthFindingId,
  testIdSeparator,
  type Verdict,
  type Warning,
} from '../core/index.js'
import { closestMatch } from './CloseMatch.js'
import { UnmatchedReadinessError } from './GateError.js'
import type { GatesFile } from './GatesFile.js'
import type { ReadinessFile } from './Readiness.js'
import { compileTestPattern } from './TestPattern.js'

/**
 * Readiness entries that match nothing: a mitigation, triage override,
 * quarantine entry or checklist item with a slip in the id it names is
 * otherwise silently ignored, and a release is judged without it.
 */

/** Everything `unmatchedReadinessEntries` reads: plain data. */
export interface ReadinessMatchInput {
  readiness: ReadinessFile
  /** Every test of the run, whichever gate selected it. */
  tests: readonly { id: string }[]
  /** Every health check of the run, passed or not: a mitigation may name one. */
  health: readonly HealthCheck[]
  /** The verdicts of the gates judged: their findings are what mitigations name. */
  verdicts: readonly Pick<Verdict, 'findings'>[]
  /**
   * Every checklist item a gate requires (`requiredChecklistOf`): of the
   * whole gates file, since one readiness file follows a release candidate
   * from gate to gate.
   */
  requiredChecklist: readonly string[]
}

/** A readiness entry that matches nothing, and where it is. */
export interface UnmatchedEntry {
  /** Path of the field in the readiness file, e.g. `mitigations[1].finding`. */
  path: string
  /** The id or test pattern the entry names, as written. */
  names: string
  /** What it should have matched, e.g. `no test of the run`. */
  matches: string
  /** The closest id it could have meant, when one is a slip away. */
  didYouMean?: string
}

/**
 * Every readiness entry that matches nothing, in file order (triage,
 * mitigations, quarantine, checklist):
 *
 * - a triage override or quarantine entry whose test pattern matches no test
 *   of the run;
 * - a mitigation whose finding is no finding of a judged gate, no test of the
 *   run, no manual finding of the file and no health check of the run;
 * - a checklist item no gate requires that is a slip away from one that a
 *   gate requires and the checklist lacks. Other items no gate requires are
 *   notes for people (the RRP's manual items), not mistakes.
 *
 * The close match ("did you mean") is by edit distance, among test ids and
 * the files and describe blocks they are in, finding ids, or required
 * checklist items; patterns with wildcards get none. Pure.
 */
export function unmatchedReadinessEntries(input: ReadinessMatchInput): UnmatchedEntry[] {
  const { readiness } = input
  const testIds = input.tests.map((test) => test.id)
  const testNames = [...new Set(testIds.flatMap(withContainers))]
  const matchesTest = (pattern: string) => {
    const regex = compileTestPattern(pattern)
    return testIds.some((id) => regex.test(id))
  }
  const findingIds = new Set([
    ...input.verdicts.flatMap((verdict) => verdict.findings.map((finding) => finding.id)),
    ...testIds,
    ...readiness.findings.map((finding) => finding.id),
    ...input.health.map(healthFindingId),
  ])
  const listed = new Set(readiness.checklist.map((item) => item.id))
  const required = new Set(input.requiredChecklist)
  const missing = [...required].filter((id) => !listed.has(id))

  const patternEntries = (list: 'triage' | 'quarantine') =>
    readiness[list].flatMap((entry, index) =>
      matchesTest(entry.test)
        ? []
        : [
            unmatched(
              `${list}[${index}].test`,
              entry.test,
              'no test of the run',
              hasWildcard(entry.test) ? undefined : closestMatch(entry.test, testNames),
            ),
          ],
    )
  return [
    ...patternEntries('triage'),
    ...readiness.mitigations.flatMap((plan, index) =>
      findingIds.has(plan.finding)
        ? []
        : [
            unmatched(
              `mitigations[${index}].finding`,
              plan.finding,
              'no finding or test of the run and no finding of the readiness file',
              closestMatch(plan.finding, findingIds),
            ),
          ],
    ),
    ...patternEntries('quarantine'),
    ...readiness.checklist.flatMap((item, index) => {
      if (required.has(item.id)) return []
      const meant = closestMatch(item.id, missing)
      return meant === undefined
        ? []
        : [unmatched(`checklist[${index}].id`, item.id, 'no checklist item a gate requires', meant)]
    }),
  ]
}

/** Every checklist item a gate of the file requires, in file order, once each. */
export function requiredChecklistOf(file: GatesFile): string[] {
  return [
    ...new Set(Object.values(file.gates).flatMap((gate) => gate.policy?.requiredChecklist ?? [])),
  ]
}

/** One line for an unmatched entry: the path, what it names, and the close match. */
export function describeUnmatched(entry: UnmatchedEntry): string {
  const meant = entry.didYouMean === undefined ? '' : `; did you mean "${entry.didYouMean}"?`
  return `${entry.path} "${entry.names}" matches ${entry.matches}${meant}`
}

/** Unmatched entries as the warnings results.json and the reports carry. */
export function unmatchedWarnings(entries: readonly UnmatchedEntry[], fileName: string): Warning[] {
  return entries.map((entry) => ({
    rule: 'readiness-unmatched',
    source: `${fileName}: ${entry.path}`,
    message: `${fileName}: ${describeUnmatched(entry)}; it is ignored`,
  }))
}

/**
 * The error of a strict judgement (`--strict`, or a gate with `strict`) of a
 * readiness file with unmatched entries: it names the file and the first
 * entry, and lists the others.
 *
 * @param why Why the judgement is strict, e.g. `gate betanet is strict`.
 */
export function unmatchedReadinessError(
  entries: readonly UnmatchedEntry[],
  fileName: string,
  why: string,
): UnmatchedReadinessError {
  const [first, ...rest] = entries
  const count =
    entries.length === 1 ? 'an entry that matches' : `${entries.length} entries that match`
  return new UnmatchedReadinessError(
    `${fileName} has ${count} nothing (${why}): ${first ? describeUnmatched(first) : ''}`,
    {
      source: fileName,
      ...(rest.length > 0 && {
        details: `Also:\n${rest.map((entry) => `  - ${describeUnmatched(entry)}`).join('\n')}`,
      }),
      hint: `Fix or remove ${entries.length === 1 ? 'that entry' : 'those entries'} in ${fileName}; to judge with them ignored (a warning), add --no-strict.`,
    },
  )
}

function unmatched(
  path: string,
  names: string,
  matches: string,
  didYouMean: string | undefined,
): UnmatchedEntry {
  return { path, names, matches, ...(didYouMean !== undefined && { didYouMean }) }
}

/** A test id and the file and describe blocks it is in: what a pattern without wildcards may name. */
function withContainers(id: string): string[] {
  const parts = id.split(testIdSeparator)
  return parts.map((_, index) => parts.slice(0, index + 1).join(testIdSeparator))
}

function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?')
}
