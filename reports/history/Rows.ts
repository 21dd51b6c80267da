import type { Results, TestStatus } from '../../core/index.js'
import type {
  FlakyTest,
  RunMeta,
  RunSummary,
  Signoff,
  TestOutcome,
  TestStats,
  TokenRecord,
  TokenScope,
} from './Records.js'
import type { Column, Row } from './SqlDatabase.js'

/**
 * How the history store's records lie in its tables (`Schema.ts`), both
 * ways: a run's results and meta as the rows that are written, and the rows
 * read back as the records the store answers with. Pure; the same for SQLite
 * and PostgreSQL (booleans come back as 0/1 from one, numbers as text from
 * the other's aggregates).
 */

/** Statuses that count as a failure for flaky tests. */
export const failingStatuses: readonly TestStatus[] = ['failed', 'errored', 'timedOut']

/** The columns of `runs` a summary is read from: everything but the results. */
export const runColumns: readonly Column[] = [
  { name: 'id', type: 'text' },
  { name: 'started_at', type: 'text' },
  { name: 'started_ms', type: 'bigint' },
  { name: 'finished_at', type: 'text' },
  { name: 'duration_ms', type: 'real' },
  { name: 'complete', type: 'boolean' },
  { name: 'devnet_backend', type: 'text' },
  { name: 'devnet_name', type: 'text' },
  { name: 'git_commit', type: 'text' },
  { name: 'release', type: 'text' },
  { name: 'branch', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'digest', type: 'text' },
  { name: 'saved_at', type: 'text' },
  { name: 'passed', type: 'integer' },
  { name: 'failed', type: 'integer' },
  { name: 'skipped', type: 'integer' },
  { name: 'errored', type: 'integer' },
  { name: 'timed_out', type: 'integer' },
]

/** The columns of `verdicts`, one row per gate of a run. */
export const verdictColumns: readonly Column[] = [
  { name: 'run_id', type: 'text' },
  { name: 'ordinal', type: 'integer' },
  { name: 'gate', type: 'text' },
  { name: 'decision', type: 'text' },
  { name: 'sev0', type: 'integer' },
  { name: 'sev1', type: 'integer' },
  { name: 'sev2', type: 'integer' },
  { name: 'sev3', type: 'integer' },
  { name: 'started_ms', type: 'bigint' },
]

/** The columns of `outcomes`, one row per test of a run. */
export const outcomeColumns: readonly Column[] = [
  { name: 'run_id', type: 'text' },
  { name: 'test_id', type: 'text' },
  { name: 'ordinal', type: 'integer' },
  { name: 'status', type: 'text' },
  { name: 'duration_ms', type: 'real' },
  { name: 'feature', type: 'text' },
  { name: 'owner', type: 'text' },
  { name: 'devnet', type: 'text' },
  { name: 'git_commit', type: 'text' },
  { name: 'gates', type: 'text' },
]

const statusColumns: Readonly<Record<TestStatus, string>> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  errored: 'errored',
  timedOut: 'timed_out',
}

/** The rows one run is written as, in the order of the column lists above. */
export interface RunRows {
  run: unknown[]
  verdicts: unknown[][]
  outcomes: unknown[][]
}

/** The rows of a run: its `runs` row (without the results text), its verdicts and its test outcomes. */
export function runRowsOf(results: Results, meta: RunMeta): RunRows {
  const { run } = results
  const startedMs = timeOf(run.startedAt)
  const counts: Record<TestStatus, number> = {
    passed: 0,
    failed: 0,
    skipped: 0,
    errored: 0,
    timedOut: 0,
  }
  for (const test of results.tests) counts[test.status]++
  const gates = JSON.stringify(run.gates)
  return {
    run: [
      run.id,
      run.startedAt,
      startedMs,
      run.finishedAt,
      Math.max(0, timeOf(run.finishedAt) - startedMs),
      run.complete,
      run.devnet.backend,
      run.devnet.name,
      run.gitCommit ?? null,
      meta.release ?? null,
      meta.branch ?? null,
      meta.source,
      meta.digest,
      meta.savedAt,
      counts.passed,
      counts.failed,
      counts.skipped,
      counts.errored,
      counts.timedOut,
    ],
    verdicts: results.verdicts.map((verdict, ordinal) => [
      run.id,
      ordinal,
      verdict.gate,
      verdict.decision,
      verdict.counts.SEV0,
      verdict.counts.SEV1,
      verdict.counts.SEV2,
      verdict.counts.SEV3,
      startedMs,
    ]),
    // A test run n times (`--repeat`) is n outcomes: each run is evidence for flaky tests.
    outcomes: results.tests
      .flatMap((test) =>
        (test.repeat?.outcomes ?? [test]).map(({ status, durationMs }) => ({
          test,
          status,
          durationMs,
        })),
      )
      .map(({ test, status, durationMs }, ordinal) => [
        run.id,
        test.id,
        ordinal,
        status,
        durationMs,
        test.feature,
        test.owner ?? null,
        run.devnet.name,
        run.gitCommit ?? null,
        gates,
      ]),
  }
}

/** Milliseconds since the epoch of an ISO time; 0 for text that is not one (it sorts first). */
export function timeOf(iso: string): number {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? 0 : ms
}

/** A run's summary from its `runs` row and its `verdicts` rows (in ordinal order). */
export function summaryOf(row: Row, verdicts: readonly Row[]): RunSummary {
  const meta: RunMeta = {
    digest: text(row.digest),
    savedAt: text(row.saved_at),
    source: text(row.source) as RunMeta['source'],
    ...optional('release', row.release),
    ...optional('branch', row.branch),
  }
  return {
    id: text(row.id),
    startedAt: text(row.started_at),
    finishedAt: text(row.finished_at),
    durationMs: Number(row.duration_ms),
    complete: Boolean(row.complete),
    devnet: { backend: text(row.devnet_backend), name: text(row.devnet_name) },
    ...optional('gitCommit', row.git_commit),
    verdicts: verdicts.map((verdict) => ({
      gate: text(verdict.gate),
      decision: text(verdict.decision) as RunSummary['verdicts'][number]['decision'],
      counts: {
        SEV0: Number(verdict.sev0),
        SEV1: Number(verdict.sev1),
        SEV2: Number(verdict.sev2),
        SEV3: Number(verdict.sev3),
      },
    })),
    tests: Object.fromEntries(
      Object.entries(statusColumns).map(([status, column]) => [status, Number(row[column])]),
    ) as RunSummary['tests'],
    meta,
  }
}

/** The meta of a run from its `runs` row. */
export function metaOf(row: Row): RunMeta {
  return summaryOf(row, []).meta
}

/** An outcome from its `outcomes` row joined with its run's `started_at`. */
export function outcomeOf(row: Row): TestOutcome {
  return {
    runId: text(row.run_id),
    startedAt: text(row.started_at),
    status: text(row.status) as TestStatus,
    durationMs: Number(row.duration_ms),
    ...optional('gitCommit', row.git_commit),
    devnet: text(row.devnet),
    gates: JSON.parse(text(row.gates)) as string[],
  }
}

/** A flaky group: the row of the flaky-tests query. */
export function flakyOf(row: Row): FlakyTest {
  const passed = Number(row.passed)
  const failed = Number(row.failed)
  return {
    testId: text(row.test_id),
    ...optional('owner', row.owner),
    feature: text(row.feature),
    gate: text(row.gate),
    devnet: text(row.devnet),
    gitCommit: text(row.git_commit),
    passed,
    failed,
    passRate: passed / (passed + failed),
    lastSeen: text(row.last_seen),
  }
}

/**
 * Each test's stats from its outcome rows (test_id, status, duration_ms,
 * feature, owner, started_at), newest first; by test id.
 */
export function testStatsOf(rows: readonly Row[]): TestStats[] {
  const byTest = new Map<
    string,
    { first: Row; passed: number; failed: number; streak: number; open: boolean; ms: number[] }
  >()
  for (const row of rows) {
    const id = text(row.test_id)
    let entry = byTest.get(id)
    if (entry === undefined) {
      entry = { first: row, passed: 0, failed: 0, streak: 0, open: true, ms: [] }
      byTest.set(id, entry)
    }
    const status = text(row.status) as TestStatus
    if (status === 'skipped') continue
    entry.ms.push(Number(row.duration_ms))
    if (status === 'passed') {
      entry.passed++
      if (entry.open) entry.streak++
    } else if (failingStatuses.includes(status)) {
      entry.failed++
      entry.open = false
    }
  }
  const ids = [...byTest.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return ids.map((testId) => {
    const entry = byTest.get(testId)
    if (entry === undefined) throw new Error(`test "${testId}" vanished from its own stats`)
    const ms = entry.ms.sort((a, b) => a - b)
    return {
      testId,
      feature: text(entry.first.feature),
      ...optional('owner', entry.first.owner),
      outcomes: ms.length,
      passed: entry.passed,
      failed: entry.failed,
      passStreak: entry.streak,
      ...(ms.length === 0 ? {} : { medianDurationMs: medianOf(ms) }),
      lastSeen: text(entry.first.started_at),
    }
  })
}

/** The median of sorted numbers: the mean of the middle two for an even count. */
function medianOf(sorted: readonly number[]): number {
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** A sign-off from its `signoffs` row. */
export function signoffOf(row: Row): Signoff {
  return {
    runId: text(row.run_id),
    gate: text(row.gate),
    by: text(row.signed_by),
    at: text(row.signed_at),
    digest: text(row.digest),
    decision: 'promote',
    ...optional('notes', row.notes),
  }
}

/** A token's record from its `tokens` row (never its hash). */
export function tokenRecordOf(row: Row): TokenRecord {
  return {
    id: text(row.id),
    name: text(row.name),
    scopes: JSON.parse(text(row.scopes)) as TokenScope[],
    createdAt: text(row.created_at),
  }
}

function text(value: unknown): string {
  return String(value)
}

/** `{ [key]: value }` for a value the row has, `{}` for NULL: optional fields are left out, not undefined. */
function optional<Key extends string>(key: Key, value: unknown): { [K in Key]?: string } {
  return value === null || value === undefined
    ? {}
    : ({ [key]: String(value) } as { [K in Key]: string })
}
