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
  // The dashboard answers run-finished with run-saved, then closes the stream.
  let finishedSent = false
  let saved = false
  socket.on('message', (data) => {
    try {
      if ((JSON.parse(String(data)) as { type?: unknown }).type === 'run-saved') saved = true
    } catch {}
  })
  const closed = new Promise<void>((resolve) => {
    socket.once('close', (code, reason) => {
      if (code !== 1000 && code !== 1005)
        failure ??= `the dashboard at ${displayUrl(base.href)} ended the live stream (${code}${reason.length > 0 ? `: ${reason}` : ''})`
      resolve()
    })
  })
  const send = (event: RunEvent) => {
    if (event.type === 'run-finished') finishedSent = true
    const message = JSON.stringify(event)
    if (socket.readyState === WebSocket.OPEN) socket.send(message)
    else if (socket.readyState === WebSocket.CONNECTING) queue.push(message)
  }
  return {
    listener: send,
    async close() {
      await opened
      if (socket.readyState === WebSocket.OPEN) {
        // After run-finished, wait (a while) for the dashboard to say it saved the run.
        if (!finishedSent) socket.close(1000, 'run ended')
        const waited = await Promise.race([
          closed.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
        ])
        if (!waited) socket.terminate()
        if (finishedSent && !saved)
          failure ??= `the dashboard at ${displayUrl(base.href)} did not confirm it saved the run`
      } else socket.terminate()
      return failure
    },
  }
}
