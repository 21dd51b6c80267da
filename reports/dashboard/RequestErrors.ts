import { SignalboxError } from '../../core/index.js'

/**
 * What a dashboard request can be refused for, one class per condition, each
 * with its HTTP status. Their messages are for the client: they say what is
 * wrong with the request and never anything about the server.
 */
export class DashboardRequestError extends SignalboxError {
  override name = 'DashboardRequestError'
  /** Default: 400. */
  readonly statusCode: number = 400
}

/** The request names a run, gate, page or live run that does not exist. */
export class NotFoundError extends DashboardRequestError {
  override name = 'NotFoundError'
  override readonly statusCode = 404
}

/** No token, or a token the store does not know. */
export class UnauthorizedError extends DashboardRequestError {
  override name = 'UnauthorizedError'
  override readonly statusCode = 401

  constructor(shortMessage = 'a valid token is needed: send Authorization: Bearer <token>') {
    super(shortMessage)
  }
}

/** A known token that lacks the scope the request needs. */
export class ForbiddenError extends DashboardRequestError {
  override name = 'ForbiddenError'
  override readonly statusCode = 403
}

/** The request contradicts what is stored: another run under the same id, a sign-off of a gate that does not promote. */
export class ConflictError extends DashboardRequestError {
  override name = 'ConflictError'
  override readonly statusCode = 409
}
