import { bytesToHex, type Hex } from 'viem'

/** Hex digits of a run's key marker: as many as the redactor needs to recognise a shortened key. */
const markerBytes = 8

/**
 * A new key marker: 8 random bytes that begin every fresh key of one run, so
 * that the run's redactor (`keyPrefixes`) removes keys it never saw, generated
 * in a test worker. The first byte stays below 0x80, which keeps every key
 * with this beginning a valid secp256k1 key (non-zero, below the curve order).
 */
export function newKeyMarker(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(markerBytes))
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01
  return bytesToHex(bytes)
}

/**
 * A fresh private key that begins with `marker` (see `newKeyMarker`); the
 * other 24 bytes are random, plenty for a throwaway devnet account.
 */
export function freshPrivateKey(marker: Hex): Hex {
  if (!/^0x[0-9a-f]{16}$/i.test(marker) || Number.parseInt(marker.slice(2, 4), 16) >= 0x80) {
    throw new Error('a key marker is 8 bytes whose first is below 0x80 (see newKeyMarker)')
  }
  const rest = crypto.getRandomValues(new Uint8Array(32 - markerBytes))
  return `${marker}${bytesToHex(rest).slice(2)}` as Hex
}
