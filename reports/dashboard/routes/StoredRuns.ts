import type { Results, Verdict } from '../../../core/index.js'
import type { HistoryStore } from '../../history/HistoryStore.js'
import type { StoredRun } from '../../history/Records.js'
import { NotFoundError } from '../RequestErrors.js'

/** Reading runs for a request: one that must exist, or many at once. */

/**
 * The stored run `id`.
 *
 * @throws {NotFoundError} when the store has no such run.
 */
export async function storedRun(store: HistoryStore, id: string): Promise<StoredRun> {
  const stored = await store.getRun(id)
  if (stored === undefined) throw new NotFoundError(`there is no stored run ${id}`)
  return stored
}

/**
 * The stored run `id` and its verdict on `gate`.
 *
 * @throws {NotFoundError} when the store has no such run, or the run was not judged by `gate`.
 */
export async function storedVerdict(
  store: HistoryStore,
  id: string,
  gate: string,
): Promise<{ stored: StoredRun; verdict: Verdict }> {
  const stored = await storedRun(store, id)
  const verdict = stored.results.verdicts.find((candidate) => candidate.gate === gate)
  if (verdict === undefined) throw new NotFoundError(`run ${id} was not judged by gate ${gate}`)
  return { stored, verdict }
}

/** The results of the runs `ids`, read in parallel, in the same order; runs gone meanwhile are left out. */
export async function wholeRuns(store: HistoryStore, ids: readonly string[]): Promise<Results[]> {
  const runs = await Promise.all(ids.map((id) => store.getRun(id)))
  return runs.flatMap((run) => (run === undefined ? [] : [run.results]))
}
