import { createServer } from 'node:http'
import { UsageError } from '../../core/index.js'
import type { RunMetrics } from './RunMetrics.js'

/** The default port of the metrics of `signalbox run --every` (beside the dashboard's 4545). */
export const defaultMetricsPort = 4546

/** A metrics endpoint that listens, and how to stop it. */
export interface MetricsServer {
  /** Where Prometheus scrapes, e.g. `http://127.0.0.1:4546/metrics`. */
  url: string
  /** Stops listening and ends open connections. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Serves `metrics` as Prometheus text on `GET /metrics`, on loopback only
 * (`127.0.0.1`): the run's metrics are for a Prometheus on this machine or a
 * tunnel to it, and nothing else answers. A port that cannot be had is a
 * UsageError naming it.
 */
export async function startMetricsServer(
  metrics: RunMetrics,
  options: {
    /** Port. Default: 4546 (`defaultMetricsPort`); 0 picks a free one. */
    port?: number
  } = {},
): Promise<MetricsServer> {
  const host = '127.0.0.1'
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', `http://${host}`).pathname
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    metrics.text().then(
      (text) => {
        response.writeHead(200, { 'content-type': metrics.contentType })
        response.end(request.method === 'HEAD' ? undefined : text)
      },
      () => response.writeHead(500).end(),
    )
  })
  const port = options.port ?? defaultMetricsPort
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UsageError(
          `the metrics cannot listen on ${host}:${port}: ${error.code ?? error.message}`,
          {
            hint: 'Pick another port with --metrics-port (0 picks a free one).',
          },
        ),
      ),
    )
    server.listen(port, host, () => resolve())
  })
  const address = server.address()
  const bound = typeof address === 'object' && address ? address.port : port
  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${bound}/metrics`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
