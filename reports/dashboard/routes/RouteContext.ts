import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Redact } from '../../../core/index.js'
import type { GatesFile } from '../../../gates/index.js'
import type { HistoryStore } from '../../history/HistoryStore.js'
import type { LiveHub } from '../live/LiveHub.js'
import { htmlText, type SafeHtml } from '../pages/SafeHtml.js'

/** What every route plugin of the dashboard is given: the app's options with their defaults applied. */
export interface RouteContext {
  store: HistoryStore
  live: LiveHub
  gates: GatesFile | undefined
  train: readonly string[]
  redact: Redact
  now: () => Date
}

/** A page's answer: HTML text, sent as it is. */
export const PageHtml = z.string()

/** Sends a page. */
export function sendPage(reply: FastifyReply, page: SafeHtml): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(htmlText(page))
}

/** Route options of a page: read access, HTML errors. */
export const pageConfig = { access: 'read', page: true } as const
