import Fastify from 'fastify'
import type { GatesFile } from '../../gates/index.js'
import { createLiveClassifier, dashboardApp, LiveHub } from '../../reports/dashboard/index.js'
import type { HistoryStore } from '../../reports/history/index.js'

/** A dashboard that listens, and how to stop it. */
export interface DashboardServer {
  /** Where it answers, e.g. `http://127.0.0.1:4545/`. */
  url: string
  /** Its live runs: a run in this process can publish to it. */
  live: LiveHub
  /** Stops listening, ends open connections and live viewers, and closes the store. */
  close(): Promise<void>
}

export interface DashboardServerOptions {
  store: HistoryStore
  /** Interface to listen on. Default: `127.0.0.1` (loopback: reads need no token). */
  host?: string
  /** Port. Default: 4545; 0 picks a free one. */
  port?: number
  /** The gates file, for gate descriptions. Default: none. */
  gates?: GatesFile
}

/** The default port of `signalbox serve`. */
export const defaultDashboardPort = 4545

/**
 * Builds the dashboard (`reports/dashboard/app.ts`, which never listens) on a
 * fastify instance of its own and listens: the one place the dashboard does.
 */
export async function startDashboardServer(
  options: DashboardServerOptions,
): Promise<DashboardServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true })
  // Live findings graded by the gates' severity rules, as the stored run's verdicts will be.
  const live = new LiveHub({ classify: createLiveClassifier(options.gates) })
  await app.register(dashboardApp, {
    store: options.store,
    live,
    ...(options.gates ? { gates: options.gates } : {}),
  })
  const host = options.host ?? '127.0.0.1'
  await app.listen({ host, port: options.port ?? defaultDashboardPort })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const shownHost = host.includes(':') ? `[${host}]` : host
  let closing: Promise<void> | undefined
  return {
    url: `http://${shownHost}:${port}/`,
    live,
    close() {
      closing ??= app.close().finally(() => options.store.close())
      return closing
    },
  }
}
