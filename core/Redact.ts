import { escapeRegex } from './Text.js'

/**
 * The one redactor. Everything signalbox prints or writes — reports, the
 * terminal, errors, the history store — passes through it at the edge where
 * data leaves the process.
 */

/** What a redacted secret is replaced with. */
export const redactionMark = '[REDACTED]'

/** A function that removes secrets from text. */
export type Redact = (text: string) => string

/** What to look for besides credentials in URLs, secret parameters and bearer tokens. */
export interface RedactorOptions {
  /** Exact secrets (private keys, mnemonics, passwords), found in any letter case. Default: none. */
  secrets?: readonly string[]
  /**
   * Whether every 0x-prefixed 32-byte hex string goes, whatever it is: for a
   * process's own output (anvil prints its keys when it starts), where block
   * hashes are worth losing. Default: false, so hashes in reports survive.
   */
  everyHexKey?: boolean
}

// user:password@ in any URL-ish string (http, ws, postgres, …).
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi
// Secret-looking query parameters: ?token=…, &api_key=…
const secretParams =
  /([?&](?:token|access_token|api[-_]?key|apikey|key|secret|password|auth)=)[^\s&#"']+/gi
// Authorization: Bearer …
const bearer = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g
const hexKey = /0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/g

/**
 * Builds a function that removes secrets from text: the exact secrets given,
 * in any letter case (a private key also without its 0x prefix), and
 * credentials in URLs, secret query parameters and bearer tokens wherever
 * they appear.
 */
export function createRedactor(options: RedactorOptions = {}): Redact {
  const exact = [...new Set((options.secrets ?? []).filter((secret) => secret.length >= 8))]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length)
    .flatMap((secret) => {
      const variants = [secret]
      // A private key also appears without its 0x prefix (e.g. in a signer's config).
      if (/^0x[0-9a-f]{64}$/i.test(secret)) variants.push(secret.slice(2))
      return variants
    })
  const exactPattern =
    exact.length > 0 ? new RegExp(exact.map(escapeRegex).join('|'), 'gi') : undefined
  return (text) => {
    let result = exactPattern ? text.replace(exactPattern, redactionMark) : text
    if (options.everyHexKey) result = result.replace(hexKey, redactionMark)
    result = result.replace(urlCredentials, `$1${redactionMark}@`)
    result = result.replace(secretParams, `$1${redactionMark}`)
    return result.replace(bearer, `$1 ${redactionMark}`)
  }
}

/** Redacts every string inside plain data (results, events), keeping its shape. */
export function redactData<T>(data: T, redact: Redact): T {
  return JSON.parse(redact(JSON.stringify(data))) as T
}

/**
 * A URL as errors and reports name it: origin and path, without credentials
 * or query, which may be secrets; `(invalid URL)` for text that is not one.
 */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return '(invalid URL)'
  }
}
