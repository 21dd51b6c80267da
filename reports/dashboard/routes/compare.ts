import type { FastifyPluginAsync } from 'fastify'
import type { HistoryStore } from '../../history/HistoryStore.js'
import { Comparison, compareRuns } from '../model/Comparison.js'
import { comparePage, noBasePage } from '../pages/ComparePage.js'
import { DashboardRequestError, NotFoundError } from '../RequestErrors.js'
import { CompareQuery } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml, pageConfig, type RouteContext, sendPage } from './RouteContext.js'
import { storedRun } from './StoredRuns.js'

/** Compare: a run against another, by default the previous run of the same gate. */

/** Which runs a compare query names, or why there is nothing to compare with. */
type ComparisonOutcome =
  | { comparison: Comparison; gate: string | undefined }
  | { firstOfGate: { head: string; gate: string } }

async function loadComparison(
  store: HistoryStore,
  query: CompareQuery,
): Promise<ComparisonOutcome> {
  const head = await storedRun(store, query.head)
  if (query.base !== undefined) {
    const base = await storedRun(store, query.base)
    return { comparison: compareRuns(base.results, head.results), gate: undefined }
  }
  const gate = query.gate ?? head.results.run.gates[0]
  if (gate === undefined) {
    throw new DashboardRequestError(
      `run ${query.head} was judged by no gate: name a base run with ?base=`,
    )
  }
  const previous = await store.previousRun(query.head, gate)
  const base = previous === undefined ? undefined : await store.getRun(previous.id)
  if (base === undefined) return { firstOfGate: { head: query.head, gate } }
  return { comparison: compareRuns(base.results, head.results), gate }
}

/** `GET /api/compare` and the page `/compare`. */
export const compareRoutes: FastifyPluginAsync<RouteContext> = async (instance, { store }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/api/compare',
    { schema: { querystring: CompareQuery, response: { 200: Comparison } } },
    async (request) => {
      const outcome = await loadComparison(store, request.query)
      if ('firstOfGate' in outcome) {
        const { head, gate } = outcome.firstOfGate
        throw new NotFoundError(
          `run ${head} is the first run of ${gate}: name a base run with ?base=`,
        )
      }
      return outcome.comparison
    },
  )

  app.get(
    '/compare',
    { config: pageConfig, schema: { querystring: CompareQuery, response: { 200: PageHtml } } },
    async (request, reply) => {
      const outcome = await loadComparison(store, request.query)
      if ('firstOfGate' in outcome) {
        return sendPage(reply, noBasePage(outcome.firstOfGate.head, outcome.firstOfGate.gate))
      }
      return sendPage(reply, comparePage(outcome))
    },
  )
}
