import { mkdtempSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, test } from 'vitest'
import { HistoryUnavailableError } from './HistoryError.js'
import { describeHistoryStore } from './HistoryStore.conformance.js'
import { SqliteHistoryStore } from './SqliteHistoryStore.js'

const folder = mkdtempSync(join(tmpdir(), 'signalbox-sqlite-history-'))
afterAll(() => rm(folder, { recursive: true, force: true }))
let databases = 0

/** Runs SQL on the file over a connection of its own, as another process would. */
function onFile<T>(file: string, use: (db: Database.Database) => T, timeout = 5_000): T {
  const db = new Database(file, { timeout, fileMustExist: true })
  try {
    return use(db)
  } finally {
    db.close()
  }
}

describeHistoryStore('SQLite', async () => {
  const file = join(folder, `history-${databases++}.db`)
  return {
    source: file,
    spec: file,
    open: () => SqliteHistoryStore.open(file),
    query: async (text) =>
      onFile(file, (db) => {
        const statement = db.prepare<[], Record<string, unknown>>(text)
        if (statement.reader) return statement.all()
        statement.run()
        return []
      }),
    // Another process's write transaction holds the write lock: BEGIN IMMEDIATE cannot have it.
    writeInProgress: async () =>
      onFile(
        file,
        (db) => {
          try {
            db.exec('BEGIN IMMEDIATE')
            db.exec('ROLLBACK')
            return false
          } catch (error) {
            if ((error as { code?: string }).code === 'SQLITE_BUSY') return true
            throw error
          }
        },
        0,
      ),
    drop: async () => {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true })
    },
  }
})

describe('SQLite history store: the file', () => {
  test('is in write-ahead-log mode, and its tables refer to their run', async () => {
    const file = join(folder, 'pragmas.db')
    await (await SqliteHistoryStore.open(file)).close()
    onFile(file, (db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      for (const table of ['verdicts', 'outcomes', 'signoffs']) {
        expect(db.pragma(`foreign_key_list(${table})`)).toContainEqual(
          expect.objectContaining({ table: 'runs', from: 'run_id', to: 'id' }),
        )
      }
    })
  })

  test('a file that is not a SQLite database is refused, naming it', async () => {
    const file = join(folder, 'notes.txt')
    await writeFile(file, 'these are my notes, not a database\n'.repeat(200))
    const error = await SqliteHistoryStore.open(file).catch((caught) => caught)
    expect(error).toBeInstanceOf(HistoryUnavailableError)
    expect(error.shortMessage).toBe(`${file} is not a SQLite database`)
    expect(error.source).toBe(file)
  })

  test('a file in a folder that does not exist is refused, naming it', async () => {
    const file = join(folder, 'missing', 'history.db')
    const error = await SqliteHistoryStore.open(file).catch((caught) => caught)
    expect(error).toBeInstanceOf(HistoryUnavailableError)
    expect(error.shortMessage).toBe(
      `cannot open the history database ${file}: Cannot open database because the directory does not exist`,
    )
  })
})
