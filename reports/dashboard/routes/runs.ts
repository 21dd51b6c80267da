import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { RunSummary, Signoff, StoredRun } from '../../history/Records.js'
import { renderMarkdown } from '../../Markdown.js'
import { filterTestRows, testPageOf } from '../model/TestRows.js'
import { runPage } from '../pages/RunPage.js'
import { runsPage } from '../pages/RunsPage.js'
import { verdictPage } from '../pages/VerdictPage.js'
import { RunGateParams, RunParams, RunsQuery, TestFilter } from '../RequestSchemas.js'
import { PushBody, pushRun } from '../RunPush.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'
import { storedRun, storedVerdict } from './StoredRuns.js'
import { recentHistories } from './TestHistories.js'

/** Runs: the list, one run, one gate's verdict of a run, and pushing a run from CI. */

/** `GET /api/runs`. */
export const RunList = z.object({ runs: z.array(RunSummary) })

/** `GET /api/runs/:id`: the stored run and its sign-offs. */
export const RunDetail = StoredRun.extend({ signoffs: z.array(Signoff) })

/** Largest body of a push: results of tens of thousands of tests. */
export const pushBodyLimit = 32 * 1024 * 1024

/** `GET /api/runs`, `GET /api/runs/:id`, `POST /api/runs` (push scope), and the pages `/`, `/runs/:id`, `/runs/:id/gates/:gate` and its `readiness.md`. */
export const runRoutes: FastifyPluginAsync<RouteContext> = async (instance, context) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()
  const { store } = context

  app.get(
    '/api/runs',
    { schema: { querystring: RunsQuery, response: { 200: RunList } } },
    async (request) => ({ runs: await store.listRuns(request.query) }),
  )

  app.get(
    '/api/runs/:id',
    { schema: { params: RunParams, response: { 200: RunDetail } } },
    async (request) => {
      const stored = await storedRun(store, request.params.id)
      return { ...stored, signoffs: await store.signoffsOf(request.params.id) }
    },
  )

  app.post(
    '/api/runs',
    {
      bodyLimit: pushBodyLimit,
      config: { access: 'push' },
      schema: { body: PushBody, response: { 200: RunSummary } },
    },
    async (request) => pushRun(store, request.body, context.redact),
  )

  app.get(
    '/',
    { config: pageConfig, schema: { querystring: RunsQuery, response: { 200: PageHtml } } },
    async (request, reply) =>
      sendPage(
        reply,
        runsPage({ runs: await store.listRuns(request.query), query: request.query }),
      ),
  )

  app.get(
    '/runs/:id',
    {
      config: pageConfig,
      schema: { params: RunParams, querystring: TestFilter, response: { 200: PageHtml } },
    },
    async (request, reply) => {
      const stored = await storedRun(store, request.params.id)
      const tests = testPageOf(filterTestRows(stored.results, request.query), request.query.page)
      const histories = await recentHistories(
        store,
        tests.rows.map((row) => row.id),
      )
      return sendPage(
        reply,
        runPage({
          stored,
          signoffs: await store.signoffsOf(request.params.id),
          tests,
          filter: request.query,
          histories,
        }),
      )
    },
  )

  app.get(
    '/runs/:id/gates/:gate',
    { config: pageConfig, schema: { params: RunGateParams, response: { 200: PageHtml } } },
    async (request, reply) => {
      const { id, gate } = request.params
      const { stored, verdict } = await storedVerdict(store, id, gate)
      const signoffs = (await store.signoffsOf(id)).filter((signoff) => signoff.gate === gate)
      const gates = context.gates?.gates
      const description =
        gates !== undefined && Object.hasOwn(gates, gate) ? gates[gate]?.description : undefined
      return sendPage(reply, verdictPage({ stored, verdict, signoffs, description }))
    },
  )

  app.get(
    '/runs/:id/gates/:gate/readiness.md',
    { config: pageConfig, schema: { params: RunGateParams, response: { 200: z.string() } } },
    async (request, reply) => {
      const { id, gate } = request.params
      const { stored, verdict } = await storedVerdict(store, id, gate)
      const markdown = renderMarkdown({ ...stored.results, verdicts: [verdict] })
      return reply
        .type('text/markdown; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="readiness-${gate.replace(/[^\w.-]/g, '_')}.md"`,
        )
        .send(markdown)
    },
  )
}
