import { describe, expect, test } from 'vitest'
import { createRedactor, displayUrl } from './Redact.js'

const key = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

describe('createRedactor', () => {
  test('removes a known private key, with or without 0x, in any case', () => {
    const redact = createRedactor({ secrets: [key] })
    expect(redact(`key ${key} and ${key.slice(2).toUpperCase()}`)).toBe(
      'key [REDACTED] and [REDACTED]',
    )
  })

  test('removes the password of a URL and keeps the rest', () => {
    const redact = createRedactor()
    expect(redact('fetch https://alice:s3cret@rpc.example.org:8545/v1 failed')).toBe(
      'fetch https://[REDACTED]@rpc.example.org:8545/v1 failed',
    )
  })

  test('removes secret query parameters and bearer tokens', () => {
    const redact = createRedactor()
    expect(redact('GET https://rpc.example.org/?apikey=abc123def&chain=1')).toBe(
      'GET https://rpc.example.org/?apikey=[REDACTED]&chain=1',
    )
    expect(redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig')).toBe(
      'Authorization: Bearer [REDACTED]',
    )
  })

  test('leaves transaction hashes and addresses alone', () => {
    const redact = createRedactor({ secrets: [key] })
    const text =
      'tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 from 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
    expect(redact(text)).toBe(text)
  })

  test('replaces the longer of two overlapping secrets whole', () => {
    const redact = createRedactor({ secrets: ['abcdefgh', 'abcdefgh-ijkl'] })
    expect(redact('x abcdefgh-ijkl y')).toBe('x [REDACTED] y')
  })

  test('in process output, hides every 32-byte hex string and the given secrets, and nothing else', () => {
    const banner = [
      'Private Keys',
      '(0) 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
      'Mnemonic: test test test test test test test test test test test junk',
      'Address: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      'Listening on 0.0.0.0:8545',
    ].join('\n')
    const redact = createRedactor({
      secrets: ['test test test test test test test test test test test junk'],
      everyHexKey: true,
    })
    expect(redact(banner)).toBe(
      [
        'Private Keys',
        '(0) [REDACTED]',
        'Mnemonic: [REDACTED]',
        'Address: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
        'Listening on 0.0.0.0:8545',
      ].join('\n'),
    )
  })
})

describe('secrets in any shape', () => {
  test('a mnemonic goes, anvil’s well-known one included; prose stays', () => {
    const redact = createRedactor()
    expect(
      redact(
        '--mnemonic test test test test test test test test test test test junk --block-time 1',
      ),
    ).toBe('--mnemonic [REDACTED] --block-time 1')
    expect(
      redact(
        'abandon ability able about above absent absorb abstract absurd abuse access accident account',
      ),
    ).toBe('[REDACTED]')
    const prose = 'the devnet did not produce a block within the time the test allows for it'
    expect(redact(prose)).toBe(prose)
  })

  test('a key shortened by the test runner still goes, from its first 16 hex digits', () => {
    const redact = createRedactor({ secrets: [key] })
    expect(redact(`expected '${key.slice(0, 39)}…' to be 'x'`)).toBe(
      "expected '[REDACTED]…' to be 'x'",
    )
    expect(redact(`prefix ${key.slice(2, 22)}`)).toBe('prefix [REDACTED]')
    // A shorter piece is no longer the key's: hashes and addresses that share a few digits stay.
    expect(redact(`short ${key.slice(0, 12)}`)).toBe(`short ${key.slice(0, 12)}`)
  })

  test('a key goes wherever its 16 digits sit: alone, at either end, in upper case, inside longer hex', () => {
    const redact = createRedactor({ secrets: [key], keyPrefixes: ['0x1f2e3d4c5b6a7988'] })
    const digits = key.slice(2, 18)
    expect(redact(digits)).toBe('[REDACTED]')
    expect(redact(`${digits} at the start`)).toBe('[REDACTED] at the start')
    expect(redact(`at the end:${digits.toUpperCase()}`)).toBe('at the end:[REDACTED]')
    expect(redact(`calldata 0xdeadbeef${key.slice(2)}`)).toBe('calldata 0xdeadbeef[REDACTED]')
    // One digit short is no key's beginning.
    expect(redact(`x${digits.slice(1)}`)).toBe(`x${digits.slice(1)}`)
  })

  test('a secret that is a piece of a key leaves none of the key behind', () => {
    const redact = createRedactor({ secrets: [key, key.slice(10, 22)] })
    expect(redact(`key ${key} and ${key.slice(10, 22)} alone`)).toBe(
      'key [REDACTED] and [REDACTED] alone',
    )
  })

  test('a mnemonic of exactly twelve words goes, with nothing around it', () => {
    const redact = createRedactor()
    expect(redact('test test test test test test test test test test test junk')).toBe('[REDACTED]')
    // Eleven words are no mnemonic.
    const eleven = 'test test test test test test test test test test junk'
    expect(redact(eleven)).toBe(eleven)
  })
})

describe('displayUrl', () => {
  test('origin and path, without credentials or query, for http and for postgres', () => {
    expect(displayUrl('https://alice:s3cret@rpc.example.org:8545/v1?token=abc')).toBe(
      'https://rpc.example.org:8545/v1',
    )
    expect(displayUrl('postgres://signalbox:s3cret@db.internal:5432/history')).toBe(
      'postgres://db.internal:5432/history',
    )
    expect(displayUrl('not a url')).toBe('(invalid URL)')
  })
})

describe('keys generated during the run', () => {
  const marker = '0x1f2e3d4c5b6a7988'
  const key = `${marker}${'ab'.repeat(24)}`

  test('a key that begins with a key prefix goes, whole, shortened, without 0x, in any case', () => {
    const redact = createRedactor({ keyPrefixes: [marker] })
    expect(
      redact(`k=${key} short=${key.slice(0, 22)}… bare=${key.slice(2).toUpperCase()} end`),
    ).toBe('k=[REDACTED] short=[REDACTED]… bare=[REDACTED] end')
  })

  test('other hex strings stay: hashes, addresses, a different beginning', () => {
    const redact = createRedactor({ keyPrefixes: [marker] })
    const other = `0x1f2e3d4c5b6a7989${'ab'.repeat(24)}`
    expect(redact(other)).toBe(other)
  })

  test('a prefix shorter than 16 hex digits is refused: it would take hashes too', () => {
    expect(() => createRedactor({ keyPrefixes: ['0x1f2e'] })).toThrow(
      'a key prefix must be 16 hex digits or more: got 4',
    )
  })
})
