import { existsSync, mkdtempSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { InputError } from '../../core/index.js'
import { HistoryUnavailableError } from './HistoryError.js'
import { openHistoryStore } from './HistoryStoreSpec.js'
import { SqliteHistoryStore } from './SqliteHistoryStore.js'
import { fixtureRun } from './testing/HistoryFixtures.js'

const folder = mkdtempSync(join(tmpdir(), 'signalbox-store-spec-'))
afterAll(() => rm(folder, { recursive: true, force: true }))

const refusal = (spec: string | undefined, cwd = folder) =>
  openHistoryStore(spec, cwd).then(
    async (store) => {
      await store.close()
      return 'opened'
    },
    (error: unknown) => error,
  )

describe('openHistoryStore', () => {
  test('no spec: SQLite in .signalbox/history.db under the working directory, its folder made', async () => {
    const cwd = join(folder, 'project')
    await mkdir(cwd)
    const store = await openHistoryStore(undefined, cwd)
    try {
      expect(store).toBeInstanceOf(SqliteHistoryStore)
      expect((store as SqliteHistoryStore).source).toBe(join(cwd, '.signalbox', 'history.db'))
      await store.saveRun(fixtureRun({ id: 'first', startedAt: '2026-11-20T10:00:00.000Z' }), {
        source: 'local',
      })
    } finally {
      await store.close()
    }
    const again = await openHistoryStore(undefined, cwd)
    expect((await again.listRuns()).map((run) => run.id)).toEqual(['first'])
    await again.close()
  })

  test('a path: a SQLite file relative to the working directory', async () => {
    await mkdir(join(folder, 'data'))
    const store = await openHistoryStore('data/runs.db', folder)
    await store.close()
    expect((store as SqliteHistoryStore).source).toBe(join(folder, 'data', 'runs.db'))
    expect(existsSync(join(folder, 'data', 'runs.db'))).toBe(true)
  })

  test('a path in a folder that does not exist, a folder, or nothing is refused', async () => {
    const missing = await refusal('nowhere/runs.db')
    expect(missing).toBeInstanceOf(InputError)
    expect((missing as InputError).shortMessage).toBe(
      `the folder of the history database does not exist: ${join(folder, 'nowhere')}`,
    )
    const aFolder = await refusal('.')
    expect((aFolder as InputError).shortMessage).toBe(
      `the history database ${folder} is a folder, not a file`,
    )
    const empty = await refusal('  ')
    expect((empty as InputError).shortMessage).toBe('the history store spec is empty')
    expect((empty as InputError).hint).toContain('postgres://user:password@host:5432/db')
  })

  test('a URL of another kind is refused without echoing it', async () => {
    const error = await refusal('mysql://root:s3cret-password@db.example.org/history')
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).shortMessage).toBe('a history store cannot be a mysql:// URL')
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message }),
    ).not.toContain('s3cret-password')
  })

  test('postgres:// and postgresql:// name a PostgreSQL store', async () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const error = await refusal(`${scheme}://signalbox:s3cret-password@127.0.0.1:1/history`)
      expect(error).toBeInstanceOf(HistoryUnavailableError)
      expect((error as InputError).source).toBe(`${scheme}://127.0.0.1:1/history`)
      expect((error as Error).message).not.toContain('s3cret-password')
    }
  })
})
