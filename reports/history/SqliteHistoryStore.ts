import { realpathSync } from 'node:fs'
import Database from 'better-sqlite3'
import { HistoryUnavailableError } from './HistoryError.js'
import { migrated } from './Migrate.js'
import { renderSql, type Sql } from './Sql.js'
import type { Column, Row, SqlDatabase, SqlTransaction } from './SqlDatabase.js'
import { SqlHistoryStore } from './SqlHistoryStore.js'

/** Options of the SQLite history store. */
export interface SqliteHistoryStoreOptions {
  /**
   * How long a write waits for another process's write (another `signalbox
   * run`, a dashboard) before it gives up, in ms. Default: 10000.
   */
  busyTimeoutMs?: number
}

const defaultBusyTimeoutMs = 10_000

/**
 * The history store in one SQLite file (better-sqlite3), the default:
 * `.signalbox/history.db`. Write-ahead log, so a dashboard reads while a run
 * writes; foreign keys on; every save one `BEGIN IMMEDIATE` transaction, so a
 * process killed in the middle of one leaves the run absent, never half there.
 */
export class SqliteHistoryStore extends SqlHistoryStore {
  /**
   * Opens the database at `file`, creating it when it is missing (its folder
   * must exist), and migrates it. Throws a HistoryUnavailableError for a file
   * that cannot be opened or is not a SQLite database, a HistorySchemaError
   * for a database from a newer signalbox.
   */
  static async open(
    file: string,
    options: SqliteHistoryStoreOptions = {},
  ): Promise<SqliteHistoryStore> {
    const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs
    return new SqliteHistoryStore(await migrated(SqliteDatabase.open(file, busyTimeoutMs)))
  }
}

type Statement = Database.Statement<unknown[], Row>

/**
 * The uses of each database file in this process, one after another. A
 * better-sqlite3 call blocks the thread, and a transaction's work awaits
 * between its calls: were a second connection of this process to wait for
 * the write lock meanwhile, it would wait synchronously, the holder could
 * never finish, and both would time out. So every connection to one file in
 * one process takes its turn here; other processes wait on SQLite's lock.
 */
const fileQueues = new Map<string, { tail: Promise<unknown>; users: number }>()

function queueOf(file: string): { tail: Promise<unknown>; users: number } {
  let queue = fileQueues.get(file)
  if (queue === undefined) {
    queue = { tail: Promise.resolve(), users: 0 }
    fileQueues.set(file, queue)
  }
  queue.users++
  return queue
}

/**
 * One better-sqlite3 connection behind the asynchronous `SqlDatabase`. Its
 * uses are queued with every other use of the same file in this process
 * (`fileQueues`): nothing else runs while a transaction is open, and no one
 * in this process reads a run half written.
 */
class SqliteDatabase implements SqlDatabase {
  readonly migrationLock = undefined
  readonly lateralJoins = false
  readonly #db: Database.Database
  readonly #statements = new Map<string, Statement>()
  readonly #queueKey: string
  readonly #queue: { tail: Promise<unknown>; users: number }

  private constructor(
    readonly source: string,
    db: Database.Database,
  ) {
    this.#db = db
    this.#queueKey = realpathSync(source)
    this.#queue = queueOf(this.#queueKey)
  }

  static open(file: string, busyTimeoutMs: number): SqliteDatabase {
    let db: Database.Database | undefined
    try {
      db = new Database(file, { timeout: busyTimeoutMs })
      db.pragma('journal_mode = WAL')
      db.pragma('foreign_keys = ON')
      return new SqliteDatabase(file, db)
    } catch (error) {
      db?.close()
      throw unavailable(file, error)
    }
  }

  query(query: Sql): Promise<Row[]> {
    return this.#serially(() => this.#run(query))
  }

  transaction<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T> {
    return this.#serially(async () => {
      this.#call(() => this.#db.exec('BEGIN IMMEDIATE'))
      try {
        const result = await work({
          query: async (query) => this.#run(query),
          exec: async (script) => {
            this.#call(() => this.#db.exec(script))
          },
          insertRows: async (table, columns, rows) => this.#insertRows(table, columns, rows),
        })
        this.#call(() => this.#db.exec('COMMIT'))
        return result
      } catch (error) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK')
        throw error
      }
    })
  }

  async close(): Promise<void> {
    await this.#serially(() => {
      this.#db.close()
    })
    if (--this.#queue.users === 0) fileQueues.delete(this.#queueKey)
  }

  #serially<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.#queue.tail.then(task)
    this.#queue.tail = result.catch(() => undefined)
    return result
  }

  #run(query: Sql): Row[] {
    const { text, values } = renderSql(query, () => '?')
    const statement = this.#prepare(text)
    const bound = values.map(bindable)
    return this.#call(() => {
      if (statement.reader) return statement.all(...bound)
      statement.run(...bound)
      return []
    })
  }

  #insertRows(table: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]) {
    const statement = this.#prepare(
      `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    )
    this.#call(() => {
      for (const row of rows) statement.run(...row.map(bindable))
    })
  }

  #prepare(text: string): Statement {
    let statement = this.#statements.get(text)
    if (statement === undefined) {
      statement = this.#db.prepare<unknown[], Row>(text)
      this.#statements.set(text, statement)
    }
    return statement
  }

  /** Runs a call on the connection; a lock held too long by another process becomes an error a person can act on. */
  #call<T>(call: () => T): T {
    try {
      return call()
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_BUSY') throw unavailable(this.source, error)
      throw error
    }
  }
}

/** SQLite takes no booleans: 1 and 0; nothing is NULL. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  return value === undefined ? null : value
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

function unavailable(file: string, error: unknown): HistoryUnavailableError {
  const reason = error instanceof Error ? error.message : String(error)
  const code = sqliteCode(error)
  const [shortMessage, hint] =
    code === 'SQLITE_NOTADB'
      ? [
          `${file} is not a SQLite database`,
          'Name another file with --store, or move this one away.',
        ]
      : code === 'SQLITE_BUSY'
        ? [
            `${file} is locked by another process`,
            'Another signalbox is writing to it; try again when it has finished.',
          ]
        : [
            `cannot open the history database ${file}: ${reason}`,
            'Check that its folder exists and that it can be written.',
          ]
  return new HistoryUnavailableError(shortMessage, { source: file, hint, cause: error })
}
