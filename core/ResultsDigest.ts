import { createHash } from 'node:crypto'
import type { Results } from './Results.js'

/**
 * The digest of what a run's verdicts were judged on: its run info, tests and
 * health checks, as results.json holds them. Editing any of them (a failed
 * test flipped to passed) changes it; a new verdict does not.
 */
export function judgedDigestOf(results: Pick<Results, 'run' | 'tests' | 'health'>): string {
  const judged = { run: results.run, tests: results.tests, health: results.health }
  return `sha256:${createHash('sha256').update(JSON.stringify(judged)).digest('hex')}`
}

/** Results with `judged` set to the digest of what they hold. */
export function sealResults(results: Results): Results {
  const { judged: _previous, ...rest } = results
  return { ...rest, judged: judgedDigestOf(results) }
}

/**
 * Why results cannot be trusted as signalbox wrote them: `missing` when they
 * carry no digest of what was judged, `mismatch` when they no longer match it;
 * undefined when they do.
 */
export function editedResults(results: Results): 'missing' | 'mismatch' | undefined {
  if (results.judged === undefined) return 'missing'
  return results.judged === judgedDigestOf(results) ? undefined : 'mismatch'
}

/**
 * The digest of a run's results: `sha256:` and the hex SHA-256 of the
 * results as results.json holds them (`JSON.stringify` of the validated
 * results, keys in schema order). A stored run, a push and a sign-off name
 * the results they are about by it, so an edited file is told apart.
 */
export function digestOf(results: Results): string {
  return digestOfJson(JSON.stringify(results))
}

/** `digestOf` the results whose `JSON.stringify` is `json`, for a caller that has it already. */
export function digestOfJson(json: string): string {
  return `sha256:${createHash('sha256').update(json).digest('hex')}`
}
