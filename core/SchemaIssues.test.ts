import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { checkSchema, formatPath } from './SchemaIssues.js'

describe('formatPath', () => {
  test('dots between keys, brackets around list indexes', () => {
    expect(formatPath(['gates', 'betanet', 'severityRules', 0, 'match', 'status', 1])).toBe(
      'gates.betanet.severityRules[0].match.status[1]',
    )
  })

  test('quotes keys that are not plain names', () => {
    expect(formatPath(['gates', 'beta net', 'policy'])).toBe('gates["beta net"].policy')
    expect(formatPath(['gates', 'beta-net'])).toBe('gates.beta-net')
  })

  test('names the top level when there is no path', () => {
    expect(formatPath([])).toBe('(top level)')
  })
})

describe('issuesOf', () => {
  const Wallet = z.strictObject({ address: z.string(), private_key: z.string().regex(/^0x/) })

  test('quotes keys that are not words joined by dashes', () => {
    expect(formatPath(['wallets', 'user-key-0', 'private_key'])).toBe(
      'wallets["user-key-0"].private_key',
    )
  })

  test('quotes the value it got, where the document may show it', () => {
    const result = checkSchema(Wallet, { address: 1, private_key: '0x1' })
    expect(result).toEqual({
      success: false,
      issues: [{ path: 'address', message: 'expected a string, got 1' }],
    })
  })

  test('never quotes the value of a document that holds keys', () => {
    const secret = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
    const result = checkSchema(
      Wallet,
      { address: '0x1', private_key: secret },
      { showInput: false },
    )
    expect(result.success).toBe(false)
    expect(JSON.stringify(result)).not.toContain(secret.slice(0, 20))
  })
})
