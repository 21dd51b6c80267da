import { createHash, randomBytes } from 'node:crypto'

/**
 * Dashboard tokens: `sbx_` and 32 random bytes as hex, shown once when made;
 * the store keeps only their SHA-256, so a copy of the database lets no one
 * push or sign off.
 */

const tokenPrefix = 'sbx_'
const tokenShape = /^sbx_[0-9a-f]{64}$/

/** A new token. */
export function newToken(): string {
  return `${tokenPrefix}${randomBytes(32).toString('hex')}`
}

/** Whether text has the shape of a token (so a lookup is worth making). */
export function isTokenShaped(text: string): boolean {
  return tokenShape.test(text)
}

/** The hex SHA-256 of a token: what the store keeps and looks tokens up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A token record's id: short, random, not derived from the token. */
export function newTokenId(): string {
  return `tok_${randomBytes(8).toString('hex')}`
}
