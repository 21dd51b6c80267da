import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { FlakyGroup, groupFlakyTests } from '../model/FlakyGroups.js'
import { flakyPage } from '../pages/FlakyPage.js'
import { FlakyQuery } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'
import { recentHistories } from './TestHistories.js'

/** Flaky tests: outcome changed on the same gate and devnet without a change of commit. */

/** `GET /api/flaky`. */
export const FlakyList = z.object({ tests: z.array(FlakyGroup) })

/** `GET /api/flaky` and the page `/flaky`. */
export const flakyRoutes: FastifyPluginAsync<RouteContext> = async (instance, { store }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()

  async function flakyGroups({ owner, limit }: FlakyQuery): Promise<FlakyGroup[]> {
    return groupFlakyTests(await store.flakyTests({ limit, ...(owner !== undefined && { owner }) }))
  }

  app.get(
    '/api/flaky',
    { schema: { querystring: FlakyQuery, response: { 200: FlakyList } } },
    async (request) => ({ tests: await flakyGroups(request.query) }),
  )

  app.get(
    '/flaky',
    { config: pageConfig, schema: { querystring: FlakyQuery, response: { 200: PageHtml } } },
    async (request, reply) => {
      const groups = await flakyGroups(request.query)
      const histories = await recentHistories(
        store,
        groups.map((group) => group.testId),
      )
      return sendPage(reply, flakyPage({ groups, histories }))
    },
  )
}
