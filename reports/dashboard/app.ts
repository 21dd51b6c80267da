import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import { createRedactor, type Redact } from '../../core/index.js'
import type { GatesFile } from '../../gates/index.js'
import type { HistoryStore } from '../history/HistoryStore.js'
import { accessHook } from './Access.js'
import { dashboardErrorHandler, notFoundHandler } from './ErrorReplies.js'
import type { LiveHub } from './live/LiveHub.js'
import { defaultTrain } from './model/ReleaseTrain.js'
import { assetRoutes } from './routes/assets.js'
import { compareRoutes } from './routes/compare.js'
import { flakyRoutes } from './routes/flaky.js'
import { liveRoutes } from './routes/live.js'
import type { RouteContext } from './routes/RouteContext.js'
import { releaseRoutes } from './routes/releases.js'
import { pushBodyLimit, runRoutes } from './routes/runs.js'
import { signoffRoutes } from './routes/signoffs.js'
import { teamRoutes } from './routes/teams.js'
import { testRoutes } from './routes/tests.js'
import { trendRoutes } from './routes/trends.js'
import { securityHeaders } from './SecurityHeaders.js'
import { zodSerializerCompiler, zodValidatorCompiler } from './ZodTypeProvider.js'

/** The largest body of a route that names no limit of its own (pushes take 32 MiB). */
export const defaultBodyLimit = 64 * 1024

/** What the dashboard is built from. */
export interface DashboardOptions {
  /** Every stored run; the dashboard reads it, saves pushed runs and sign-offs, and checks tokens with it. */
  store: HistoryStore
  /** The live runs; the caller keeps it to feed a run of its own process (`hub.publish`). */
  live: LiveHub
  /** The gates file, for gate descriptions on verdict pages. Default: none. */
  gates?: GatesFile | undefined
  /** The gates of the release train, in order. Default: `alphanet`, `betanet`, `testnet`. */
  train?: readonly string[] | undefined
  /** Removes secrets from pushed runs, live events and sign-offs before they are kept. Default: `createRedactor()`. */
  redact?: Redact | undefined
  /** The clock, for sign-offs and mitigations that expire soon. Default: `new Date()`. */
  now?: (() => Date) | undefined
}

/**
 * The dashboard as a fastify plugin: pages and a JSON API over the history
 * store, live runs over WebSockets, pushes and sign-offs. It never listens:
 * `signalbox serve` registers it on an instance and listens; tests use
 * `inject`. Register it at the root (its pages link to absolute paths), on an
 * instance of its own: it sets the zod schema compilers, the error and
 * not-found handlers, and @fastify/websocket for its context.
 *
 * Security: every answer carries a CSP that allows only the dashboard's own
 * script and stylesheet; writes need a token with the write's scope; reads
 * need a token unless the peer is a loopback address (see `Access.ts`).
 */
export async function dashboardApp(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  const context: RouteContext = {
    store: options.store,
    live: options.live,
    gates: options.gates,
    train: options.train ?? defaultTrain,
    redact: options.redact ?? createRedactor(),
    now: options.now ?? (() => new Date()),
  }
  // Only pushes take large bodies; every other route of the dashboard takes small ones.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= defaultBodyLimit
  })
  app.setValidatorCompiler(zodValidatorCompiler)
  app.setSerializerCompiler(zodSerializerCompiler)
  app.setErrorHandler(dashboardErrorHandler)
  app.setNotFoundHandler(notFoundHandler)
  // Before the access hook: a refused upgrade is only cleaned up once the
  // plugin's own hook has marked the request as a WebSocket one. A
  // run-finished event carries the whole results, as a push does.
  await app.register(websocket, { options: { maxPayload: pushBodyLimit } })
  app.addHook('onRequest', accessHook(context.store))
  app.addHook('onSend', securityHeaders)
  await app.register(assetRoutes)
  await app.register(runRoutes, context)
  await app.register(signoffRoutes, context)
  await app.register(testRoutes, context)
  await app.register(compareRoutes, context)
  await app.register(trendRoutes, context)
  await app.register(flakyRoutes, context)
  await app.register(releaseRoutes, context)
  await app.register(teamRoutes, context)
  await app.register(liveRoutes, context)
}
