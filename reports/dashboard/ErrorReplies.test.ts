import Fastify from 'fastify'
import { describe, expect, test } from 'vitest'
import { HistoryUnavailableError } from '../history/HistoryError.js'
import type { HistoryStore } from '../history/HistoryStore.js'
import { dashboardApp } from './app.js'
import { LiveHub } from './live/LiveHub.js'

/** A store whose every call fails with `error`: what a broken database looks like to the dashboard. */
function failingStore(error: Error): HistoryStore {
  return new Proxy({} as HistoryStore, {
    get: () => async () => {
      throw error
    },
  })
}

async function dashboardOver(store: HistoryStore) {
  const app = Fastify({ logger: false })
  await app.register(dashboardApp, { store, live: new LiveHub() })
  return app
}

describe('failures of the server', () => {
  const internal = new Error(
    'SQLITE_CORRUPT: database disk image is malformed at /srv/secret/history.db',
  )

  test('an API answer says 500 and nothing internal', async () => {
    const app = await dashboardOver(failingStore(internal))
    const response = await app.inject('/api/runs')
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    })
    await app.close()
  })

  test('a page says 500 and nothing internal', async () => {
    const app = await dashboardOver(failingStore(internal))
    const response = await app.inject('/runs/some-run')
    expect(response.statusCode).toBe(500)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.body).toContain('internal error')
    expect(response.body).not.toContain('SQLITE')
    expect(response.body).not.toContain('/srv/secret')
    await app.close()
  })

  test('a store that cannot be reached is 503, without its address', async () => {
    const unavailable = new HistoryUnavailableError(
      'cannot reach postgres://db.internal:5432/signalbox',
      {
        source: 'postgres://db.internal:5432/signalbox',
      },
    )
    const app = await dashboardOver(failingStore(unavailable))
    const response = await app.inject('/api/runs')
    expect(response.statusCode).toBe(503)
    expect(response.body).not.toContain('db.internal')
    await app.close()
  })
})
