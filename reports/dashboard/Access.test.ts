import { describe, expect, test } from 'vitest'
import { bearerToken, isLoopback } from './Access.js'

describe('isLoopback', () => {
  test('127.0.0.0/8, ::1 and 127.x mapped into IPv6 are loopback', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(address), address).toBe(true)
    }
  })

  test('anything else is not, nor is an unknown peer', () => {
    for (const address of [
      '10.0.0.1',
      '::ffff:10.0.0.1',
      '128.0.0.1',
      '::2',
      '0.0.0.0',
      '',
      undefined,
    ]) {
      expect(isLoopback(address), String(address)).toBe(false)
    }
  })
})

describe('bearerToken', () => {
  test('takes the token of a Bearer header, in any letter case', () => {
    expect(bearerToken('Bearer sbx_abc')).toBe('sbx_abc')
    expect(bearerToken('bearer   sbx_abc ')).toBe('sbx_abc')
  })

  test('other schemes, no token or extra words are no token', () => {
    expect(bearerToken(undefined)).toBeUndefined()
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined()
    expect(bearerToken('Bearer')).toBeUndefined()
    expect(bearerToken('Bearer a b')).toBeUndefined()
  })
})
