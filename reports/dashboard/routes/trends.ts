import type { FastifyPluginAsync } from 'fastify'
import type { HistoryStore } from '../../history/HistoryStore.js'
import { featureTrend, gateTrend, Trend } from '../model/Trends.js'
import { trendsPage } from '../pages/TrendsPage.js'
import { NotFoundError } from '../RequestErrors.js'
import { TrendsQuery } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'
import { wholeRuns } from './StoredRuns.js'

/**
 * Trends per gate (from run summaries alone) and per feature on a gate (from
 * the whole runs, one read each) over the last N runs of the gate.
 */

/** The gate a trend without one is about: the first gate of the latest run. */
async function defaultGate(store: HistoryStore): Promise<string | undefined> {
  const [latest] = await store.listRuns({ limit: 1 })
  return latest?.verdicts[0]?.gate
}

async function loadTrend(store: HistoryStore, query: TrendsQuery): Promise<Trend | undefined> {
  const gate = query.gate ?? (await defaultGate(store))
  if (gate === undefined) return undefined
  const summaries = await store.listRuns({ gate, limit: query.limit })
  if (query.feature === undefined) return gateTrend(summaries, gate)
  const runs = await wholeRuns(
    store,
    summaries.map((summary) => summary.id),
  )
  return featureTrend(runs, gate, query.feature)
}

/** `GET /api/trends` and the page `/trends`. */
export const trendRoutes: FastifyPluginAsync<RouteContext> = async (instance, { store }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/api/trends',
    { schema: { querystring: TrendsQuery, response: { 200: Trend } } },
    async (request) => {
      const trend = await loadTrend(store, request.query)
      if (trend === undefined) throw new NotFoundError('no run has been judged yet')
      return trend
    },
  )

  app.get(
    '/trends',
    { config: pageConfig, schema: { querystring: TrendsQuery, response: { 200: PageHtml } } },
    async (request, reply) => {
      const trend = await loadTrend(store, request.query)
      const recent = await store.listRuns({ limit: 50 })
      const gates = recent.flatMap((run) => run.verdicts.map((verdict) => verdict.gate))
      const latestOfGate = recent.find((run) =>
        run.verdicts.some((verdict) => verdict.gate === trend?.gate),
      )
      const latest = latestOfGate === undefined ? undefined : await store.getRun(latestOfGate.id)
      const features = latest?.results.tests.map((test) => test.feature) ?? []
      return sendPage(
        reply,
        trendsPage({
          trend,
          gates: trend === undefined ? gates : [...gates, trend.gate],
          features: trend?.feature === undefined ? features : [...features, trend.feature],
          limit: request.query.limit,
        }),
      )
    },
  )
}
