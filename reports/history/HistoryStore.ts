import type { Results } from '../../core/index.js'
import type {
  FlakyTest,
  RunFilter,
  RunSummary,
  SaveRunInput,
  Signoff,
  StoredRun,
  TestOutcome,
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
  /** Saves a run with its meta; returns its summary. Idempotent for the same results. */
  saveRun(results: Results, input: SaveRunInput): Promise<RunSummary>
  getRun(id: string): Promise<StoredRun | undefined>
  /** Newest first. */
  listRuns(filter?: RunFilter): Promise<RunSummary[]>
  /** The run of the same gate that started last before `runId`, for "compare with previous". */
  previousRun(runId: string, gate: string): Promise<RunSummary | undefined>
  /** A test's last outcomes, newest first (default 20). */
  testHistory(
    testId: string,
    options?: { limit?: number; gate?: string; devnet?: string },
  ): Promise<TestOutcome[]>
  /** Tests that both passed and failed on the same gate, devnet and commit, most recently seen first. */
  flakyTests(options?: { limit?: number; owner?: string }): Promise<FlakyTest[]>
  /** Records a sign-off (the caller checks it may be made). */
  saveSignoff(signoff: Signoff): Promise<void>
  signoffsOf(runId: string): Promise<Signoff[]>
  /** Makes a token; the token itself is returned once and kept only as a hash. */
  createToken(
    name: string,
    scopes: readonly TokenScope[],
  ): Promise<{ token: string; record: TokenRecord }>
  /** The token's record, or undefined for a token the store does not know. */
  verifyToken(token: string): Promise<TokenRecord | undefined>
  close(): Promise<void>
}
