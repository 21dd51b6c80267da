import type {} from '@fastify/websocket'
import type { FastifyPluginAsync } from 'fastify'
import type { RawData, WebSocket } from 'ws'
import { z } from 'zod'
import { InputError, RunEvent, redactData } from '../../../core/index.js'
import { type LiveFeed, LiveFeedError } from '../live/LiveHub.js'
import { liveCloseCodes, type RunSaved } from '../live/LiveMessage.js'
import { LiveRunSummary } from '../live/LiveRunState.js'
import { links } from '../pages/Links.js'
import { livePage, liveRunsPage } from '../pages/LivePage.js'
import { NotFoundError } from '../RequestErrors.js'
import { IngestQuery, LiveRunParams, NoQuery, RunId } from '../RequestSchemas.js'
import { PushedResults, pushRun } from '../RunPush.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'

/**
 * Live runs over WebSockets. A source (`signalbox run --dashboard`) connects
 * to `/api/live/ingest` with a push token and sends one JSON run event per
 * message; each is checked against the run event schema, redacted and
 * published. Its `run-finished` is saved to the store as a push before
 * viewers see it, and the source is answered `run-saved`. Viewers connect
 * to `/api/live/:runId`.
 */

/** `GET /api/live`. */
export const LiveRunList = z.object({ runs: z.array(LiveRunSummary) })

/** WebSocket close reasons are at most 123 bytes. */
function closeReason(text: string): string {
  const bytes = Buffer.from(text)
  return bytes.length <= 123
    ? text
    : `${bytes
        .subarray(0, 119)
        .toString()
        .replace(/\uFFFD+$/, '')}…`
}

/** A WebSocket message as text. */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  return Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8')
}

/** `GET /api/live`, the WebSockets `/api/live/ingest` (push scope) and `/api/live/:runId`, and the pages `/live` and `/live/:runId`. */
export const liveRoutes: FastifyPluginAsync<RouteContext> = async (instance, context) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()
  const { store, live, redact } = context

  /** Checks and redacts one message of a source. */
  function eventOf(data: RawData, feed: LiveFeed): RunEvent {
    let json: unknown
    try {
      json = JSON.parse(textOf(data))
    } catch {
      throw new LiveFeedError('each message must be one JSON run event', 1007)
    }
    const parsed = RunEvent.safeParse(json, { reportInput: false })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new LiveFeedError(
        `not a run event: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
        1007,
      )
    }
    const event = redactData(parsed.data, redact)
    if (event.type === 'run-started' && !RunId.safeParse(event.runId).success) {
      throw new LiveFeedError('run-started has a run id the dashboard cannot address', 1007)
    }
    if (event.type === 'run-finished') {
      if (event.results.run.id !== feed.runId) {
        throw new LiveFeedError('run-finished carries the results of another run', 1008)
      }
      if (!PushedResults.safeParse(event.results).success) {
        throw new LiveFeedError('run-finished carries results the dashboard cannot store', 1007)
      }
    }
    return event
  }

  app.get(
    '/api/live/ingest',
    { websocket: true, config: { access: 'push' }, schema: { querystring: IngestQuery } },
    (socket: WebSocket, request) => {
      const feed = live.open()
      const { release, branch } = request.query
      let finished = false
      let queue: Promise<void> = Promise.resolve()

      async function take(data: RawData): Promise<void> {
        if (finished) return
        const event = eventOf(data, feed)
        if (event.type !== 'run-finished') {
          feed.publish(event)
          return
        }
        finished = true
        try {
          const run = await pushRun(
            store,
            {
              results: event.results,
              ...(release !== undefined && { release }),
              ...(branch !== undefined && { branch }),
            },
            redact,
          )
          const saved: RunSaved = { type: 'run-saved', run }
          socket.send(JSON.stringify(saved))
          socket.close(1000, 'run saved')
        } finally {
          // Viewers learn the run finished whether or not it could be stored.
          feed.publish(event)
        }
      }

      socket.on('message', (data) => {
        queue = queue
          .then(() => take(data))
          .catch((error: unknown) => {
            finished = true
            feed.abandon('the run’s source sent something the dashboard could not take')
            if (error instanceof LiveFeedError) {
              socket.close(error.closeCode, closeReason(error.shortMessage))
            } else if (error instanceof InputError) {
              // The store refused the results: another run under the same id, results it cannot take.
              socket.close(1008, closeReason(error.shortMessage))
            } else {
              request.log.error({ err: error }, 'live ingest failed')
              socket.close(1011, 'internal error')
            }
          })
      })
      socket.on('close', () => {
        void queue.then(() => feed.abandon())
      })
    },
  )

  app.get(
    '/api/live/:runId',
    { websocket: true, schema: { params: LiveRunParams } },
    (socket: WebSocket, request) => {
      const unwatch = live.watch(request.params.runId, socket)
      if (unwatch === undefined) {
        socket.close(liveCloseCodes.notLive, 'the run is not live')
        return
      }
      socket.on('close', unwatch)
    },
  )

  app.get(
    '/api/live',
    { schema: { querystring: NoQuery, response: { 200: LiveRunList } } },
    async () => ({ runs: live.list() }),
  )

  app.get(
    '/live',
    { config: pageConfig, schema: { querystring: NoQuery, response: { 200: PageHtml } } },
    async (_request, reply) => sendPage(reply, liveRunsPage(live.list())),
  )

  app.get(
    '/live/:runId',
    { config: pageConfig, schema: { params: LiveRunParams, response: { 200: PageHtml } } },
    async (request, reply) => {
      const { runId } = request.params
      const summary = live.get(runId)
      if (summary !== undefined) return sendPage(reply, livePage(summary))
      // A run that finished is on its own page.
      if ((await store.getRun(runId)) !== undefined) return reply.redirect(links.run(runId), 303)
      throw new NotFoundError(`run ${runId} is not live`)
    },
  )
}
