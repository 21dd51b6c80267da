import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { createRedactor } from '../../core/index.js'
import { freshPrivateKey, newKeyMarker } from './FreshKeys.js'

describe('fresh keys', () => {
  test('every key of a run begins with its marker, is distinct and signs (a valid secp256k1 key)', () => {
    const marker = newKeyMarker()
    const keys = Array.from({ length: 50 }, () => freshPrivateKey(marker))
    expect(new Set(keys).size).toBe(50)
    for (const key of keys) {
      expect(key).toMatch(/^0x[0-9a-f]{64}$/)
      expect(key.startsWith(marker)).toBe(true)
      expect(privateKeyToAccount(key).address).toMatch(/^0x[0-9a-fA-F]{40}$/)
    }
  })

  test('markers differ from run to run, and stay below 0x80 so that every key is below the curve order', () => {
    const markers = Array.from({ length: 200 }, () => newKeyMarker())
    expect(new Set(markers).size).toBe(200)
    for (const marker of markers) {
      const first = Number.parseInt(marker.slice(2, 4), 16)
      expect(first).toBeGreaterThan(0)
      expect(first).toBeLessThan(0x80)
    }
  })

  test("the run's redactor removes a key it never saw, from its marker", () => {
    const marker = newKeyMarker()
    const key = freshPrivateKey(marker)
    expect(createRedactor({ keyPrefixes: [marker] })(`leaked ${key}`)).toBe('leaked [REDACTED]')
  })

  test('a marker that is not one is refused', () => {
    expect(() => freshPrivateKey('0xff00000000000000')).toThrow('a key marker is 8 bytes')
  })
})
