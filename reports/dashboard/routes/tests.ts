import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { TestOutcome } from '../../history/Records.js'
import { testHistoryPage } from '../pages/TestHistoryPage.js'
import { TestHistoryQuery } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'

/** A test's history: its last outcomes across stored runs, newest first. */

/** `GET /api/tests/history`. */
export const TestHistory = z.object({ testId: z.string(), outcomes: z.array(TestOutcome) })

/** `GET /api/tests/history` and the page `/tests`. */
export const testRoutes: FastifyPluginAsync<RouteContext> = async (instance, { store }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()

  async function historyOf({ id, gate, devnet, limit }: TestHistoryQuery) {
    return store.testHistory(id, {
      limit,
      ...(gate !== undefined && { gate }),
      ...(devnet !== undefined && { devnet }),
    })
  }

  app.get(
    '/api/tests/history',
    { schema: { querystring: TestHistoryQuery, response: { 200: TestHistory } } },
    async (request) => ({ testId: request.query.id, outcomes: await historyOf(request.query) }),
  )

  app.get(
    '/tests',
    { config: pageConfig, schema: { querystring: TestHistoryQuery, response: { 200: PageHtml } } },
    async (request, reply) =>
      sendPage(reply, testHistoryPage(request.query.id, await historyOf(request.query))),
  )
}
