import type { FastifySchemaCompiler, FastifySerializerCompiler, FastifyTypeProvider } from 'fastify'
import type { z } from 'zod'
import { issuesOf } from '../../core/index.js'

/**
 * zod as fastify's schema language: every route declares zod schemas for its
 * params, query, body and responses; requests are parsed with them (so
 * handlers see the parsed, typed values) and responses are serialized by
 * parsing with them, which drops every field a schema does not name: a secret
 * that slipped into a record never reaches a client.
 */

/** Types request and reply from the zod schemas of a route. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown
}

/** A request part that does not match its schema: answered with 400 and every issue. */
export class RequestSchemaError extends Error {
  override name = 'RequestSchemaError'
  readonly statusCode = 400
  readonly code = 'FST_ERR_VALIDATION'

  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '))
  }
}

/** Parses a request part with its zod schema; the parsed value replaces the raw one. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    // Requests are untrusted: issues never quote what was sent.
    const result = schema.safeParse(data, { reportInput: false })
    if (result.success) return { value: result.data }
    return { error: new RequestSchemaError(issuesOf(result.error, { showInput: false })) }
  }

/**
 * Serializes a response by parsing it with its zod schema first: unknown
 * fields are dropped, and a response that does not match is a bug (500).
 */
export const zodSerializerCompiler: FastifySerializerCompiler<z.ZodType> =
  ({ schema }) =>
  (data) =>
    JSON.stringify(schema.parse(data))
