import pg from 'pg'
import { createRedactor, type Redact, SignalboxError } from '../../core/index.js'
import { HistoryUnavailableError } from './HistoryError.js'
import { migrated } from './Migrate.js'
import { renderSql, type Sql, sql } from './Sql.js'
import type { Column, ColumnType, Row, SqlDatabase, SqlTransaction } from './SqlDatabase.js'
import { SqlHistoryStore } from './SqlHistoryStore.js'

/** Options of the PostgreSQL history store. */
export interface PostgresHistoryStoreOptions {
  /** Connections the store keeps open at most. Default: 10. */
  maxConnections?: number
  /** How long connecting to the server may take before it fails, in ms. Default: 10000. */
  connectTimeoutMs?: number
}

const defaultMaxConnections = 10
const defaultConnectTimeoutMs = 10_000
/** The advisory lock that keeps two processes from migrating one database at once ("sbxhis"). */
const migrationLockKey = 0x73_62_78_68_69_73
const pgTypes: Readonly<Record<ColumnType, string>> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  real: 'double precision',
  boolean: 'boolean',
}

/**
 * The history store in a PostgreSQL database (`--store postgres://…`), for a
 * dashboard a whole organisation shares while many CI jobs push runs at once:
 * a pool of connections, every save one transaction guarded by the runs
 * table's primary key (`ON CONFLICT`), migrations under an advisory lock.
 * Errors name the server by its URL without credentials.
 */
export class PostgresHistoryStore extends SqlHistoryStore {
  /**
   * Connects to the database at `url` (`postgres://user:password@host:port/database`)
   * and migrates it. Throws a HistoryUnavailableError when the server cannot be
   * reached or refuses the credentials, a HistorySchemaError for a database
   * from a newer signalbox.
   */
  static async open(
    url: string,
    options: PostgresHistoryStoreOptions = {},
  ): Promise<PostgresHistoryStore> {
    return new PostgresHistoryStore(await migrated(PostgresDatabase.open(url, options)))
  }
}

/** A pg pool behind `SqlDatabase`. */
class PostgresDatabase implements SqlDatabase {
  readonly migrationLock = sql`SELECT pg_advisory_xact_lock(${migrationLockKey})`
  readonly lateralJoins = true
  readonly #pool: pg.Pool
  readonly #redact: Redact

  private constructor(
    readonly source: string,
    pool: pg.Pool,
    redact: Redact,
  ) {
    this.#pool = pool
    this.#redact = redact
  }

  static open(url: string, options: PostgresHistoryStoreOptions): PostgresDatabase {
    const source = displayPostgresUrl(url)
    let password = ''
    try {
      const parsed = new URL(url)
      if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error(parsed.protocol)
      password = parsed.password
    } catch {
      throw new HistoryUnavailableError(`not a PostgreSQL URL: ${source}`, {
        source,
        hint: 'A PostgreSQL store is named by a URL: postgres://user:password@host:5432/database',
      })
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? defaultMaxConnections,
      connectionTimeoutMillis: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
      application_name: 'signalbox',
    })
    // An idle connection the server drops must not end the process; the next
    // query connects again, and fails with a HistoryUnavailableError if it cannot.
    pool.on('error', () => {})
    const secrets = [password, safeDecode(password)]
    return new PostgresDatabase(source, pool, createRedactor({ secrets }))
  }

  query(query: Sql): Promise<Row[]> {
    return this.#withClient((client) => run(client, query))
  }

  transaction<T>(work: (transaction: SqlTransaction) => Promise<T>): Promise<T> {
    return this.#withClient(async (client) => {
      await client.query('BEGIN')
      try {
        const result = await work({
          query: (query) => run(client, query),
          exec: async (script) => {
            await client.query(script)
          },
          insertRows: (table, columns, rows) => insertRows(client, table, columns, rows),
        })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      }
    })
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }

  async #withClient<T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient
    try {
      client = await this.#pool.connect()
    } catch (error) {
      throw this.#unavailable(error)
    }
    let broken: Error | undefined
    try {
      return await use(client)
    } catch (error) {
      if (!isConnectionError(error)) throw error
      broken = error as Error
      throw this.#unavailable(error)
    } finally {
      // A broken connection is dropped from the pool, not handed out again.
      client.release(broken)
    }
  }

  #unavailable(error: unknown): HistoryUnavailableError {
    const reason = this.#redact(messageOf(error))
    return new HistoryUnavailableError(
      `cannot use the history store at ${this.source}: ${reason || 'the connection failed'}`,
      {
        source: this.source,
        hint: 'Check the URL (host, port, database, user and password), that the server runs, and that it accepts connections from here.',
      },
    )
  }
}

async function run(client: pg.PoolClient, query: Sql): Promise<Row[]> {
  const { text, values } = renderSql(query, (position) => `$${position}`)
  const result = await client.query(
    text,
    values.map((value) => value ?? null),
  )
  return result.rows as Row[]
}

/**
 * All rows in one statement: a column with one value in every row (a run's
 * id, devnet, commit…) goes as one value, every other column as one array
 * literal, zipped by `unnest`. pg's own array encoding takes longer than the
 * insert itself for 10,000 rows, hence `arrayLiteral`.
 */
async function insertRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const [first] = rows
  if (first === undefined) return
  const values: unknown[] = []
  const arrays: string[] = []
  const selected = columns.map((column, index) => {
    const value = first[index] ?? null
    if (rows.every((row) => (row[index] ?? null) === value)) {
      values.push(value)
      return `$${values.length}::${pgTypes[column.type]}`
    }
    values.push(arrayLiteral(rows.map((row) => row[index] ?? null)))
    arrays.push(`$${values.length}::${pgTypes[column.type]}[]`)
    return `u.c${arrays.length}`
  })
  const names = columns.map((column) => column.name).join(', ')
  const aliases = arrays.map((_, index) => `c${index + 1}`).join(', ')
  const from = arrays.length > 0 ? ` FROM unnest(${arrays.join(', ')}) AS u(${aliases})` : ''
  await client.query(`INSERT INTO ${table} (${names}) SELECT ${selected.join(', ')}${from}`, values)
}

/** A PostgreSQL array literal (`{"a","b",NULL}`) of strings, numbers, booleans and nulls. */
function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number') return String(value)
  return `"${String(value).replace(/[\\"]/g, '\\$&')}"`
}

/** SQLSTATE classes and codes that mean the server cannot be used, not that a statement is wrong. */
const unavailableStates = /^(08|28|3D|57P0|53300)/
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

function isConnectionError(error: unknown): boolean {
  if (error instanceof SignalboxError || !(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (error instanceof pg.DatabaseError)
    return typeof code === 'string' && unavailableStates.test(code)
  if (typeof code === 'string' && networkCodes.has(code)) return true
  return /connection terminated|connection ended|timeout expired|not queryable/i.test(error.message)
}

/** An error's message; Node's happy-eyeballs connect fails with an AggregateError whose own message is empty. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error.message) return error.message
  const [first] = error instanceof AggregateError ? (error.errors as unknown[]) : []
  const code = (error as { code?: unknown }).code
  return first === undefined ? String(code ?? '') : messageOf(first)
}

/**
 * The URL as errors name it: scheme, host, port and database, without
 * credentials or query. (core's `displayUrl` keeps the origin, which the URL
 * standard leaves "null" for postgres: URLs.)
 */
export function displayPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  } catch {
    return '(invalid URL)'
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
