import WebSocket from 'ws'
import type { RunEvent, RunListener } from '../../core/index.js'
import { displayUrl } from '../../core/index.js'
import { dashboardUrl } from './DashboardClient.js'

/** A run's events on their way to a dashboard, and how the stream ended. */
export interface LiveStream {
  /** Give it to `run({ onEvent })`. */
  listener: RunListener
  /** Waits until every event is sent (or the stream failed), then closes; resolves to a warning, if any. */
  close(): Promise<string | undefined>
}

/**
 * Streams a run's events to a dashboard over WebSocket
 * (`/api/live/ingest`), so a shared dashboard shows a CI run live. A
 * dashboard that cannot be reached or drops the stream costs the run nothing:
 * the events queue until the socket is open, and `close` says what went wrong.
 */
export function streamToDashboard(url: string, token: string): LiveStream {
  const base = dashboardUrl(url, '--dashboard')
  const target = new URL('/api/live/ingest', base)
  target.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:'
  const socket = new WebSocket(target, { headers: { authorization: `Bearer ${token}` } })
  const queue: string[] = []
  let failure: string | undefined
  const opened = new Promise<void>((resolve) => {
    socket.once('open', () => {
      for (const message of queue.splice(0)) socket.send(message)
      resolve()
    })
    socket.on('error', (error) => {
      failure ??= `the live stream to ${displayUrl(base.href)} failed: ${error.message}`
      resolve()
    })
    socket.once('unexpected-response', (_request, response) => {
      failure ??= `the dashboard at ${displayUrl(base.href)} refused the live stream: HTTP ${response.statusCode}`
      resolve()
    })
  })
  const send = (event: RunEvent) => {
    const message = JSON.stringify(event)
    if (socket.readyState === WebSocket.OPEN) socket.send(message)
    else if (socket.readyState === WebSocket.CONNECTING) queue.push(message)
  }
  return {
    listener: send,
    async close() {
      await opened
      if (socket.readyState === WebSocket.OPEN) {
        // Every queued frame is handed to the kernel before the close frame.
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve())
          socket.close(1000, 'run finished')
          setTimeout(resolve, 5_000).unref()
        })
      } else socket.terminate()
      return failure
    },
  }
}
