import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import {
  RequestSchemaError,
  zodSerializerCompiler,
  zodValidatorCompiler,
} from './ZodTypeProvider.js'

const Body = z.object({ gate: z.string(), limit: z.coerce.number().int().max(10) })
const route = { method: 'POST', url: '/x', httpPart: 'body' }

describe('zodValidatorCompiler', () => {
  test('a valid request part becomes its parsed value', () => {
    const validate = zodValidatorCompiler({ schema: Body, ...route })
    expect(validate({ gate: 'alphanet', limit: '3' })).toEqual({
      value: { gate: 'alphanet', limit: 3 },
    })
  })

  test('an invalid one is a 400 naming every path, without quoting what was sent', () => {
    const validate = zodValidatorCompiler({ schema: Body, ...route })
    const { error } = validate({ gate: 7, limit: '99', secret: 'sbx_abc' }) as {
      error: RequestSchemaError
    }
    expect(error).toBeInstanceOf(RequestSchemaError)
    expect(error.statusCode).toBe(400)
    expect(error.message).toMatchInlineSnapshot(
      `"gate: expected string, received number; limit: expected number to be <=10"`,
    )
  })
})

describe('zodSerializerCompiler', () => {
  test('fields the response schema does not name never reach the client', () => {
    const serialize = zodSerializerCompiler({ schema: z.object({ name: z.string() }), ...route })
    expect(serialize({ name: 'ci', tokenHash: 'f00d' })).toBe('{"name":"ci"}')
  })

  test('a response that does not match its schema is an error, not a partial answer', () => {
    const serialize = zodSerializerCompiler({ schema: z.object({ name: z.string() }), ...route })
    expect(() => serialize({})).toThrow()
  })
})
