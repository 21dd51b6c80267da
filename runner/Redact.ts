/** What a redacted secret is replaced with. */
export const redactedMark = '[REDACTED]'

// user:password@ in any URL-ish string (http, ws, postgres, …).
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi
// Secret-looking query parameters and headers: ?token=…, &api_key=…, Authorization: Bearer …
const secretParams =
  /([?&](?:token|access_token|api[-_]?key|apikey|key|secret|password|auth)=)[^\s&#"']+/gi
const bearer = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g

/**
 * Builds a function that removes secrets from text: the exact secrets given
 * (private keys of the devnet's wallets, mnemonics), in any letter case, and
 * credentials in URLs, secret query parameters and bearer tokens wherever
 * they appear. Everything signalbox writes or prints passes through it.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const exact = [...new Set(secrets.filter((secret) => secret.length >= 8))]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length)
    .flatMap((secret) => {
      const variants = [secret]
      // A private key also appears without its 0x prefix (e.g. in a signer's config).
      if (/^0x[0-9a-f]{64}$/i.test(secret)) variants.push(secret.slice(2))
      return variants
    })
  const exactPattern =
    exact.length > 0 ? new RegExp(exact.map(escapeRegExp).join('|'), 'gi') : undefined
  return (text) => {
    let result = exactPattern ? text.replace(exactPattern, redactedMark) : text
    result = result.replace(urlCredentials, `$1${redactedMark}@`)
    result = result.replace(secretParams, `$1${redactedMark}`)
    return result.replace(bearer, `$1 ${redactedMark}`)
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
