import { z } from 'zod'
import { type Redact, Results, redactData } from '../../core/index.js'
import type { HistoryStore } from '../history/HistoryStore.js'
import type { RunSummary } from '../history/Records.js'
import { FilterText, RunId } from './RequestSchemas.js'

/**
 * A run from outside this process into the store: pushed by CI
 * (`POST /api/runs`) or finished live (`/api/live/ingest`). Results are
 * checked against the results schema, their id must be one the dashboard can
 * address, and every secret is redacted before anything is stored.
 */

/** Results whose run id the dashboard can address (see {@link RunId}). */
export const PushedResults = Results.superRefine((results, context) => {
  if (!RunId.safeParse(results.run.id).success) {
    context.addIssue({
      code: 'custom',
      path: ['run', 'id'],
      message: 'expected a run id: letters, digits, ".", "_", ":", "+" or "-", at most 200',
    })
  }
})

/** The body of `POST /api/runs`. */
export const PushBody = z.strictObject({
  results: PushedResults,
  /** The release candidate the run is about. */
  release: FilterText.optional(),
  /** The branch the run tested. */
  branch: FilterText.optional(),
})
export type PushBody = z.infer<typeof PushBody>

/**
 * Redacts and saves a pushed run; saving the same results again answers the
 * stored summary.
 *
 * @throws {RunConflictError} when other results are stored under the run's id.
 */
export async function pushRun(
  store: HistoryStore,
  push: PushBody,
  redact: Redact,
): Promise<RunSummary> {
  const { results, release, branch } = redactData(push, redact)
  return store.saveRun(results, {
    source: 'push',
    ...(release !== undefined && { release }),
    ...(branch !== undefined && { branch }),
  })
}
