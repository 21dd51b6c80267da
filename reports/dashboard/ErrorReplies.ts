import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { InputError } from '../../core/index.js'
import {
  HistoryUnavailableError,
  RunConflictError,
  SignoffRefusedError,
} from '../history/HistoryError.js'
import { errorPage } from './pages/ErrorPage.js'
import { htmlText } from './pages/SafeHtml.js'
import { DashboardRequestError, NotFoundError, UnauthorizedError } from './RequestErrors.js'
import { RequestSchemaError } from './ZodTypeProvider.js'

/**
 * The one error handler of the dashboard. A refused request (4xx) is told
 * what is wrong with it; anything else is logged with its stack and answered
 * with 500 and no detail, so nothing about the server leaks. API routes
 * answer JSON ({@link ErrorBody}), pages an HTML page.
 */

/** What an API error answers. */
export const ErrorBody = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
})
export type ErrorBody = z.infer<typeof ErrorBody>

const statusNames: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** The status and the client-facing message of an error. */
function describe(error: unknown): { statusCode: number; message: string } {
  if (
    error instanceof RequestSchemaError ||
    (error as FastifyError).code === 'FST_ERR_VALIDATION'
  ) {
    const context = (error as FastifyError).validationContext
    return {
      statusCode: 400,
      message: `${context === undefined ? '' : `${context}: `}${(error as Error).message}`,
    }
  }
  if (error instanceof DashboardRequestError)
    return { statusCode: error.statusCode, message: error.shortMessage }
  if (error instanceof RunConflictError || error instanceof SignoffRefusedError) {
    return { statusCode: 409, message: error.shortMessage }
  }
  if (error instanceof HistoryUnavailableError) {
    return { statusCode: 503, message: 'the history store is unavailable; try again later' }
  }
  if (error instanceof InputError) return { statusCode: 400, message: error.shortMessage }
  // fastify's own refusals (body too large, malformed JSON, unsupported media type) carry a 4xx and say what is wrong.
  const statusCode = (error as FastifyError).statusCode
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { statusCode, message: (error as Error).message }
  }
  return { statusCode: 500, message: 'internal error' }
}

/**
 * Sends the answer of a refused or failed request.
 *
 * @param asPage Answer with an HTML page. Default: when the route is a page.
 */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  asPage = request.routeOptions.config.page === true,
): FastifyReply {
  const { statusCode, message } = describe(error)
  if (statusCode >= 500) request.log.error({ err: error }, 'dashboard request failed')
  if (error instanceof UnauthorizedError) reply.header('www-authenticate', 'Bearer')
  reply.code(statusCode)
  if (asPage) {
    return reply.type('text/html; charset=utf-8').send(htmlText(errorPage(statusCode, message)))
  }
  const body: ErrorBody = { statusCode, error: statusNames[statusCode] ?? 'Error', message }
  // Serialized here, not by a route's schema: the route's own may not cover this status.
  return reply.type('application/json; charset=utf-8').serializer(JSON.stringify).send(body)
}

/** The dashboard's error handler. */
export function dashboardErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  return sendError(request, reply, error)
}

/** The answer for a path no route serves: a page, unless it is under `/api/`. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? ''
  const error = new NotFoundError(`nothing is served at ${request.method} ${path}`)
  return sendError(request, reply, error, !path.startsWith('/api/'))
}
