/**
 * The history database's schema, as numbered migrations that run in order
 * when a store opens (`Migrate.ts`). Written once for both databases: the
 * types used (TEXT, INTEGER, BIGINT, DOUBLE PRECISION, BOOLEAN) mean the same
 * to SQLite and PostgreSQL. Never edit a released migration; add the next one.
 */

export interface Migration {
  version: number
  name: string
  /** Statements separated by semicolons, without values. */
  script: string
}

/** The table that records which migrations a database has had. */
export const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, verdicts, test outcomes, sign-offs, tokens',
    script: `
-- One row per run: what lists show, the meta, and the results as saved (text, so a run reads back byte for byte).
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  started_ms BIGINT NOT NULL,
  finished_at TEXT NOT NULL,
  duration_ms DOUBLE PRECISION NOT NULL,
  complete BOOLEAN NOT NULL,
  devnet_backend TEXT NOT NULL,
  devnet_name TEXT NOT NULL,
  git_commit TEXT,
  release TEXT,
  branch TEXT,
  source TEXT NOT NULL,
  digest TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  errored INTEGER NOT NULL,
  timed_out INTEGER NOT NULL,
  results TEXT NOT NULL
);
CREATE INDEX runs_by_start ON runs (started_ms, id);
CREATE INDEX runs_by_release ON runs (release, started_ms);
CREATE INDEX runs_by_branch ON runs (branch, started_ms);
CREATE INDEX runs_by_devnet ON runs (devnet_name, git_commit);

-- One row per gate a run was judged against.
CREATE TABLE verdicts (
  run_id TEXT NOT NULL REFERENCES runs (id),
  ordinal INTEGER NOT NULL,
  gate TEXT NOT NULL,
  decision TEXT NOT NULL,
  sev0 INTEGER NOT NULL,
  sev1 INTEGER NOT NULL,
  sev2 INTEGER NOT NULL,
  sev3 INTEGER NOT NULL,
  started_ms BIGINT NOT NULL,
  PRIMARY KEY (run_id, ordinal)
);
CREATE INDEX verdicts_by_gate ON verdicts (gate, started_ms, run_id);

-- One row per test of a run, for a test's history and flaky tests. Its keys
-- start with the run, so a run's rows go in side by side: an index by test
-- alone would scatter every save over the whole index (ten times slower on
-- SQLite at a thousand runs). A test's history walks the runs, newest first.
CREATE TABLE outcomes (
  run_id TEXT NOT NULL REFERENCES runs (id),
  test_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  status TEXT NOT NULL,
  duration_ms DOUBLE PRECISION NOT NULL,
  feature TEXT NOT NULL,
  owner TEXT,
  devnet TEXT NOT NULL,
  git_commit TEXT,
  gates TEXT NOT NULL,
  PRIMARY KEY (run_id, test_id, ordinal)
);
-- Flaky tests start from the failures: few rows.
CREATE INDEX outcomes_failing ON outcomes (test_id, devnet, git_commit)
  WHERE status IN ('failed', 'errored', 'timedOut');

CREATE TABLE signoffs (
  run_id TEXT NOT NULL REFERENCES runs (id),
  gate TEXT NOT NULL,
  signed_by TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  digest TEXT NOT NULL,
  decision TEXT NOT NULL,
  notes TEXT,
  PRIMARY KEY (run_id, gate, signed_by, signed_at)
);

-- A token's SHA-256 only: the token itself is shown once, when it is made.
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
`,
  },
]

/** The schema version this signalbox writes. */
export const schemaVersion = migrations.at(-1)?.version ?? 0
