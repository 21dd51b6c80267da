import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { escapeRegex, InputError } from '../../core/index.js'
import { HistoryUnavailableError } from './HistoryError.js'
import { describeHistoryStore } from './HistoryStore.conformance.js'
import { displayPostgresUrl, PostgresHistoryStore } from './PostgresHistoryStore.js'
import { freePort, type PostgresServer, startPostgresServer } from './testing/PostgresServer.js'

// A private cluster from Debian's postgresql package, or SIGNALBOX_TEST_POSTGRES_URL's server.
let server: PostgresServer
beforeAll(async () => {
  server = await startPostgresServer()
})
afterAll(() => server?.stop())

describeHistoryStore('PostgreSQL', async () => {
  const url = await server.createDatabase()
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  // Dropping the database ends whatever is still connected to it.
  pool.on('error', () => {})
  return {
    source: displayPostgresUrl(url),
    spec: url,
    open: () => PostgresHistoryStore.open(url),
    query: async (text) => (await pool.query(text)).rows,
    // A session that has written in an open transaction has a transaction id.
    writeInProgress: async () => {
      const { rows } = await pool.query(
        `SELECT COUNT(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
      )
      return Number(rows[0]?.n) > 0
    },
    drop: async () => {
      await pool.end()
      await server.dropDatabase(url)
    },
  }
})

describe('PostgreSQL history store: connecting', () => {
  const secret = 'hunter2-correct-horse-battery'

  test('a server that does not answer is an InputError naming the URL without its password', async () => {
    // Free a moment ago: nothing listens on it.
    const port = await freePort()
    const error = await PostgresHistoryStore.open(
      `postgres://signalbox:${secret}@127.0.0.1:${port}/history`,
      { connectTimeoutMs: 5_000 },
    ).catch((caught) => caught)
    expect(error).toBeInstanceOf(HistoryUnavailableError)
    expect(error).toBeInstanceOf(InputError)
    expect(error.source).toBe(`postgres://127.0.0.1:${port}/history`)
    expect(error.shortMessage).toBe(
      `cannot use the history store at postgres://127.0.0.1:${port}/history: connect ECONNREFUSED 127.0.0.1:${port}`,
    )
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(secret)
  })

  test('credentials the server refuses are an InputError that does not show the password', async () => {
    const url = new URL(server.url)
    url.username = 'nobody'
    url.password = secret
    const error = await PostgresHistoryStore.open(url.toString()).catch((caught) => caught)
    expect(error).toBeInstanceOf(HistoryUnavailableError)
    expect(error.shortMessage).toMatch(
      new RegExp(
        `^cannot use the history store at ${escapeRegex(displayPostgresUrl(url.toString()))}: `,
      ),
    )
    expect(error.message).not.toContain(secret)
  })

  test('a database that does not exist is an InputError naming it', async () => {
    const url = new URL(server.url)
    url.pathname = '/no_such_database'
    const error = await PostgresHistoryStore.open(url.toString()).catch((caught) => caught)
    expect(error).toBeInstanceOf(HistoryUnavailableError)
    expect(error.shortMessage).toContain('database "no_such_database" does not exist')
  })

  test('a URL that is not a PostgreSQL URL is refused without being echoed', async () => {
    const error = await PostgresHistoryStore.open(`postgres://signalbox:${secret}@[bad`).catch(
      (caught) => caught,
    )
    expect(error).toBeInstanceOf(HistoryUnavailableError)
    expect(error.shortMessage).toBe('not a PostgreSQL URL: (invalid URL)')
  })
})
