import type { Sql } from './Sql.js'

/**
 * What the history store needs of a SQL database, and all that differs
 * between SQLite and PostgreSQL: how a query is run, how a transaction is
 * held, how thousands of rows go in at once. Everything else — the tables,
 * the queries, the records — is written once (`SqlHistoryStore`).
 */

/** A column's type, as both databases name it in `CREATE TABLE` and as bulk inserts cast it. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'real' | 'boolean'

export interface Column {
  name: string
  type: ColumnType
}

/** A row as the driver returns it: column name → value (numbers may come back as text from PostgreSQL aggregates). */
export type Row = Record<string, unknown>

export interface SqlSession {
  /** Runs one statement; the rows it returns (none for a write without `RETURNING`). */
  query(query: Sql): Promise<Row[]>
}

/** A session inside a transaction: what it writes is kept whole or not at all. */
export interface SqlTransaction extends SqlSession {
  /** Runs a script of statements without values (migrations). */
  exec(script: string): Promise<void>
  /** Inserts many rows into `table` in as few round trips as the database allows. */
  insertRows(
    table: string,
    columns: readonly Column[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void>
}

export interface SqlDatabase extends SqlSession {
  /** The database as errors name it: the file, or the URL without credentials. */
  readonly source: string
  /**
   * A statement that, run first in a transaction, keeps other processes from
   * migrating the schema at the same time; undefined where every write
   * transaction already excludes the others (SQLite).
   */
  readonly migrationLock: Sql | undefined
  /**
   * Whether a query can join a `LATERAL` subquery (PostgreSQL): then lookups
   * of many keys go to the server in one statement, saving round trips.
   */
  readonly lateralJoins: boolean
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T>
  close(): Promise<void>
}
