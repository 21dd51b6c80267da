import { readFile } from 'node:fs/promises'
import type { FastifyPluginAsync } from 'fastify'
import { NoQuery } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import { PageHtml } from './RouteContext.js'

/**
 * The stylesheet and the page script, the only ones the pages' CSP allows.
 * Read once when the app starts; fixed names, so no request names a file.
 */

// tsc does not copy the assets into dist/, so they are read from the package
// root: three folders up from reports/dashboard/routes in the sources, four from dist.
const fromSources = import.meta.url.endsWith('.ts')
const packageRoot = new URL(fromSources ? '../../../' : '../../../../', import.meta.url)
const assetsFolder = new URL('reports/dashboard/assets/', packageRoot)

const assets = [
  { path: '/assets/dashboard.css', file: 'dashboard.css', type: 'text/css; charset=utf-8' },
  { path: '/assets/dashboard.js', file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
] as const

/** `GET /assets/dashboard.css` and `GET /assets/dashboard.js`, open to everyone. */
export const assetRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()
  for (const asset of assets) {
    const content = await readFile(new URL(asset.file, assetsFolder), 'utf8')
    app.get(
      asset.path,
      {
        config: { access: 'public' },
        schema: { querystring: NoQuery, response: { 200: PageHtml } },
      },
      async (_request, reply) =>
        reply.type(asset.type).header('cache-control', 'no-cache').send(content),
    )
  }
}
