import type { FastifyPluginAsync } from 'fastify'
import { TeamView, teamView } from '../model/TeamView.js'
import { teamPage } from '../pages/TeamPage.js'
import { TeamParams, TeamQuery } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'
import { wholeRuns } from './StoredRuns.js'
import { recentHistories } from './TestHistories.js'

/** A team's view: one owner's failing, retried and flaky tests across the recent runs. */

/** `GET /api/teams/:owner` and the page `/teams/:owner`. */
export const teamRoutes: FastifyPluginAsync<RouteContext> = async (instance, { store }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()

  async function loadTeamView(owner: string, runCount: number): Promise<TeamView> {
    const summaries = await store.listRuns({ limit: runCount })
    const results = await wholeRuns(
      store,
      summaries.map((summary) => summary.id),
    )
    return teamView(owner, results, await store.flakyTests({ owner, limit: 500 }))
  }

  app.get(
    '/api/teams/:owner',
    { schema: { params: TeamParams, querystring: TeamQuery, response: { 200: TeamView } } },
    async (request) => loadTeamView(request.params.owner, request.query.runs),
  )

  app.get(
    '/teams/:owner',
    {
      config: pageConfig,
      schema: { params: TeamParams, querystring: TeamQuery, response: { 200: PageHtml } },
    },
    async (request, reply) => {
      const view = await loadTeamView(request.params.owner, request.query.runs)
      const histories = await recentHistories(store, [
        ...view.failing.map((test) => test.testId),
        ...view.flaky.map((group) => group.testId),
      ])
      return sendPage(reply, teamPage({ view, histories }))
    },
  )
}
