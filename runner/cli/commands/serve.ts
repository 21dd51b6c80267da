import { defaultHistoryFile, openHistoryStore } from '../../../reports/history/index.js'
import { defaultDashboardPort, startDashboardServer } from '../../dashboard/DashboardServer.js'
import { loadGatesFile } from '../../files/InputFiles.js'
import { ensureWorkspace } from '../../files/Workspace.js'
import { type CliIo, parseCommand, portOption } from '../Arguments.js'

/**
 * `signalbox serve [--store <spec>] [--host <ip>] [--port <n>]`: the results
 * dashboard over the history store (by default the runs saved in this folder),
 * until Ctrl-C or SIGTERM.
 */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    store: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'gates-file': { type: 'string' },
  })
  const port = portOption(values.port, '--port') ?? defaultDashboardPort
  const gates = await loadGatesFile(values['gates-file'], io.cwd)
  if (values.store === undefined) await ensureWorkspace(io.cwd)
  const store = await openHistoryStore(values.store, io.cwd)
  let server: Awaited<ReturnType<typeof startDashboardServer>>
  try {
    server = await startDashboardServer({
      store,
      port,
      gates: gates.file,
      ...(values.host ? { host: values.host } : {}),
    })
  } catch (error) {
    await store.close()
    throw error
  }
  io.stdout(`dashboard: ${server.url}`)
  io.stdout(`history: ${describeStore(values.store)}`)
  if (values.host && !/^(127\.|::1$|localhost$)/.test(values.host))
    io.stdout('reads from other hosts need a token (signalbox token create)')
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) return resolve()
    io.signal.addEventListener('abort', () => resolve(), { once: true })
  })
  await server.close()
  io.stdout('dashboard stopped')
  return 0
}

/** The store a spec names, as a person reads it: never a URL's password. */
function describeStore(spec: string | undefined): string {
  if (spec === undefined) return `${defaultHistoryFile} (SQLite)`
  if (/^postgres(?:ql)?:\/\//i.test(spec)) {
    try {
      const url = new URL(spec)
      return `postgres://${url.host}${url.pathname} (PostgreSQL)`
    } catch {
      return 'postgres://… (PostgreSQL)'
    }
  }
  return `${spec} (SQLite)`
}
