import type { FastifyPluginAsync } from 'fastify'
import { toDay } from '../../../core/index.js'
import { ReleaseTrain, releaseTrain, type TrainRun, trainRunIds } from '../model/ReleaseTrain.js'
import { releasesPage } from '../pages/ReleasesPage.js'
import { NoQuery } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'

/** The release train: each release's standing on the train's gates. */

/** Runs looked at for the train: the most recent ones. */
const runsLookedAt = 500

/** `GET /api/releases` and the page `/releases`. */
export const releaseRoutes: FastifyPluginAsync<RouteContext> = async (instance, context) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()
  const { store, train } = context

  async function loadReleaseTrain(): Promise<ReleaseTrain> {
    const summaries = await store.listRuns({ limit: runsLookedAt })
    const ids = trainRunIds(summaries, train)
    const runs = await Promise.all(
      ids.map(async (id): Promise<TrainRun | undefined> => {
        const [stored, signoffs] = await Promise.all([store.getRun(id), store.signoffsOf(id)])
        if (stored?.meta.release === undefined) return undefined
        return {
          runId: id,
          startedAt: stored.results.run.startedAt,
          release: stored.meta.release,
          verdicts: stored.results.verdicts,
          signoffs,
        }
      }),
    )
    return releaseTrain({
      runs: runs.filter((run) => run !== undefined),
      train,
      today: toDay(context.now()),
    })
  }

  app.get(
    '/api/releases',
    { schema: { querystring: NoQuery, response: { 200: ReleaseTrain } } },
    async () => loadReleaseTrain(),
  )

  app.get(
    '/releases',
    { config: pageConfig, schema: { querystring: NoQuery, response: { 200: PageHtml } } },
    async (_request, reply) => sendPage(reply, releasesPage(await loadReleaseTrain())),
  )
}
