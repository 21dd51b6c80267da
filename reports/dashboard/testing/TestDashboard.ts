import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import type { HistoryStore } from '../../history/HistoryStore.js'
import { openHistoryStore } from '../../history/HistoryStoreSpec.js'
import { type DashboardOptions, dashboardApp } from '../app.js'
import { LiveHub } from '../live/LiveHub.js'

/**
 * A dashboard over a real SQLite history store in a temporary folder, for
 * the dashboard's integration tests, with one token per scope combination.
 */
export interface TestDashboard {
  app: FastifyInstance
  store: HistoryStore
  live: LiveHub
  tokens: { push: string; signoff: string; pushAndSignoff: string }
  /** Closes the app and the store and removes the folder. */
  close(): Promise<void>
}

/** Opens a test dashboard; `options` are passed on to `dashboardApp`. */
export async function openTestDashboard(
  options: Partial<Omit<DashboardOptions, 'store' | 'live'>> = {},
): Promise<TestDashboard> {
  const folder = await mkdtemp(join(tmpdir(), 'signalbox-dashboard-'))
  const store = await openHistoryStore(undefined, folder)
  const live = new LiveHub()
  const app = Fastify()
  await app.register(dashboardApp, { store, live, ...options })
  await app.ready()
  const tokens = {
    push: (await store.createToken('ci push', ['push'])).token,
    signoff: (await store.createToken('signoff only', ['signoff'])).token,
    pushAndSignoff: (await store.createToken('platforms', ['push', 'signoff'])).token,
  }
  return {
    app,
    store,
    live,
    tokens,
    async close() {
      live.close()
      await app.close()
      await store.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
}
