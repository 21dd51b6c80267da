import type { Results } from '../../core/index.js'
import type {
  FlakyTest,
  RunFilter,
  RunSummary,
  SaveRunInput,
  Signoff,
  StoredRun,
  StripOutcome,
  TestOutcome,
  TestStats,
  TestStatsFilter,
  TokenRecord,
  TokenScope,
} from './Records.js'

/**
 * Every run signalbox has seen, behind one interface: SQLite by default
 * (`.signalbox/history.db`), PostgreSQL for a dashboard a whole organisation
 * shares. Both pass one conformance suite (`HistoryStore.conformance.ts`).
 *
 * Stored runs are immutable: a run is saved whole in one transaction, or not
 * at all; saving the same results again is a no-op, and saving other results
 * under a stored run's id is refused (`RunConflictError`).
 */
export interface HistoryStore {
  /**
   * Saves a run with its meta, whole or not at all; returns its summary. The
   * same results again return the stored summary (its meta as first saved);
   * other results under a stored id throw a RunConflictError, results that do
   * not match their schema an InputError.
   */
  saveRun(results: Results, input: SaveRunInput): Promise<RunSummary>
  /** A stored run: its results exactly as saved (schema order, so `digestOf` them is `meta.digest`). */
  getRun(id: string): Promise<StoredRun | undefined>
  /** Newest first (by start time, then id); 50 unless `filter.limit` says otherwise. */
  listRuns(filter?: RunFilter): Promise<RunSummary[]>
  /** The run of the same gate that started last before `runId`, for "compare with previous". */
  previousRun(runId: string, gate: string): Promise<RunSummary | undefined>
  /** A test's last outcomes, newest first (limit: default 20, at most 500). */
  testHistory(
    testId: string,
    options?: { limit?: number; gate?: string; devnet?: string },
  ): Promise<TestOutcome[]>
  /**
   * The last outcomes of each of `testIds` (at most 100 ids), newest first,
   * as `testHistory` gives them without a gate or devnet, but only what a
   * strip shows of each: one answer for a page of history strips. Every id
   * is a key, with `[]` when it never ran.
   */
  historyStrips(
    testIds: readonly string[],
    options?: { limit?: number },
  ): Promise<Map<string, StripOutcome[]>>
  /**
   * Tests that both passed and failed (or errored, or timed out) on the same
   * gate, devnet and commit, most recently seen first (limit: default 50, at
   * most 500). Runs without a known commit are left out.
   */
  flakyTests(options?: { limit?: number; owner?: string }): Promise<FlakyTest[]>
  /**
   * What the newest runs (of a gate, where one is named) say of each test in
   * them: passes, failures, the passes in a row since the last failure, the
   * median duration; by test id. For balancing shards by duration and for
   * releasing tests from quarantine. A filter out of bounds is an InputError.
   */
  testStats(filter?: TestStatsFilter): Promise<TestStats[]>
  /**
   * Records a sign-off; the same one again is a no-op. Refused with a
   * SignoffRefusedError unless it names a stored run, that run's digest, and a
   * gate the run was judged against with the verdict `promote`.
   */
  saveSignoff(signoff: Signoff): Promise<void>
  signoffsOf(runId: string): Promise<Signoff[]>
  /** Makes a token; the token itself is returned once and kept only as its SHA-256. */
  createToken(
    name: string,
    scopes: readonly TokenScope[],
  ): Promise<{ token: string; record: TokenRecord }>
  /** The token's record, or undefined for a token the store does not know (or text that is not one). */
  verifyToken(token: string): Promise<TokenRecord | undefined>
  close(): Promise<void>
}
