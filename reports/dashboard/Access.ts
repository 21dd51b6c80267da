import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { HistoryStore } from '../history/HistoryStore.js'
import type { TokenRecord, TokenScope } from '../history/Records.js'
import { ForbiddenError, UnauthorizedError } from './RequestErrors.js'

/**
 * Who may do what. Writes need a token with the write's scope; reads are open
 * to requests from this machine (loopback) and need any valid token from
 * anywhere else. Tokens come as `Authorization: Bearer <token>` and are
 * checked with the store, which keeps only their hashes.
 *
 * The peer address is the socket's, never a forwarded header: behind a
 * reverse proxy on the same machine every request is a loopback request, so
 * such a proxy must authenticate readers itself.
 */

/** What a route needs: `public` (the stylesheet and script), `read`, or a token scope. */
export type Access = 'public' | 'read' | TokenScope

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs. Default: `read`. */
    access?: Access
    /** The route answers with an HTML page (errors too). Default: false. */
    page?: boolean
  }
}

/** Whether `address` is a loopback address: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1'
}

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')
  return match?.[1]
}

/** The token record of a request's bearer token, or undefined without a (known) token. */
async function tokenOf(
  store: HistoryStore,
  request: FastifyRequest,
): Promise<TokenRecord | undefined> {
  const token = bearerToken(request.headers.authorization)
  return token === undefined ? undefined : store.verifyToken(token)
}

/**
 * The hook that enforces each route's `access`; a request that matches no
 * route is treated as a read, so that an unknown path tells a stranger
 * nothing either.
 */
export function accessHook(store: HistoryStore): onRequestAsyncHookHandler {
  return async (request) => {
    const access = request.routeOptions.config.access ?? 'read'
    if (access === 'public') return
    if (access === 'read' && isLoopback(request.socket.remoteAddress)) return
    const record = await tokenOf(store, request)
    if (record === undefined) throw new UnauthorizedError()
    if (access !== 'read' && !record.scopes.includes(access)) {
      throw new ForbiddenError(
        `this token may not ${access === 'push' ? 'push runs' : 'sign off'}: it needs the ${access} scope`,
      )
    }
  }
}
