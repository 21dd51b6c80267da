import type { HistoryStore } from '../../history/HistoryStore.js'
import type { StripOutcome } from '../../history/Records.js'

/** Tests whose history strip a page shows: the first ones it lists. */
export const historiesPerPage = 50

/** Outcomes in a history strip. */
export const stripLength = 20

/** The last outcomes of the first {@link historiesPerPage} tests of `testIds`, by test id. */
export async function recentHistories(
  store: HistoryStore,
  testIds: readonly string[],
): Promise<Map<string, StripOutcome[]>> {
  return store.historyStrips(testIds.slice(0, historiesPerPage), { limit: stripLength })
}
