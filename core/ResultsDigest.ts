import { createHash } from 'node:crypto'
import type { Results } from './Results.js'

/**
 * The digest of a run's results: `sha256:` and the hex SHA-256 of the
 * results as results.json holds them (`JSON.stringify` of the validated
 * results, keys in schema order). A stored run, a push and a sign-off name
 * the results they are about by it, so an edited file is told apart.
 */
export function digestOf(results: Results): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(results)).digest('hex')}`
}
