import { wordlist } from '@scure/bip39/wordlists/english'
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
  /**
   * Beginnings of private keys the redactor never sees whole: keys generated
   * while the run goes on (the faucet's fresh test accounts) all start with
   * the run's marker, 16 hex digits. A 64-digit key with such a beginning, or
   * any shortening of it down to the marker, goes. Default: none.
   */
  keyPrefixes?: readonly string[]
}

// user:password@ in any URL-ish string (http, ws, postgres, …).
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi
// Secret-looking query parameters: ?token=…, &api_key=…
const secretParams =
  /([?&](?:token|access_token|api[-_]?key|apikey|key|secret|password|auth)=)[^\s&#"']+/gi
// Authorization: Bearer …
const bearer = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g
const hexKey = /0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/g
// Twelve or more lower-case words in a row: a candidate mnemonic, checked word by word.
const wordRun = /\b[a-z]{3,8}(?: [a-z]{3,8}){11,}\b/g
const mnemonicWords = new Set(wordlist)
/** Twelve words of three letters and the spaces between them: the shortest text a mnemonic fits in. */
const shortestMnemonic = 12 * 3 + 11
/** The shortest prefix of a known key that is still redacted: test runners shorten long strings. */
const keyPrefixLength = 16

/**
 * Builds a function that removes secrets from text: the exact secrets given,
 * in any letter case (a private key also without its 0x prefix), keys that
 * begin with one of `keyPrefixes`, and
 * credentials in URLs, secret query parameters and bearer tokens wherever
 * they appear.
 */
export function createRedactor(options: RedactorOptions = {}): Redact {
  const exact = [...new Set((options.secrets ?? []).filter((secret) => secret.length >= 8))]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length)
    .map((secret) =>
      // A private key also appears without its 0x prefix (a signer's config), or shortened
      // (`0xac0974bec39a17e36ba4…` in an assertion message): its first hex digits and any
      // that follow go.
      /^0x[0-9a-f]{64}$/i.test(secret)
        ? `${hexKeyPattern}${secret.slice(2, 2 + keyPrefixLength)}[0-9a-f]*`
        : escapeRegex(secret),
    )
  const prefixes = (options.keyPrefixes ?? []).map((prefix) => {
    const digits = prefix.replace(/^0x/i, '')
    if (!/^[0-9a-f]{16,}$/i.test(digits)) {
      throw new Error(
        `a key prefix must be ${keyPrefixLength} hex digits or more: got ${digits.length}`,
      )
    }
    return `${hexKeyPattern}${digits}[0-9a-f]*`
  })
  const patterns = [...exact, ...prefixes]
  const exactPattern = patterns.length > 0 ? new RegExp(patterns.join('|'), 'gi') : undefined
  // One alternation of every secret, longest first, so one that contains another goes whole;
  // it runs only on text that may hold one. A key is matched from its first 16 hex digits on,
  // so text without 16 in a row holds none: a scan for them costs a fraction of the
  // alternation of every key. Other secrets (a mnemonic, a password) are looked for as such.
  const hasKeys = patterns.some((pattern) => pattern.startsWith(hexKeyPattern))
  const others = exact.filter((pattern) => !pattern.startsWith(hexKeyPattern))
  const otherPattern = others.length > 0 ? new RegExp(others.join('|'), 'i') : undefined
  const mayHoldSecret = (text: string) =>
    (hasKeys && hasHexRun(text, keyPrefixLength)) || otherPattern?.test(text) === true
  return (text) => {
    let result =
      exactPattern && mayHoldSecret(text) ? text.replace(exactPattern, redactionMark) : text
    // The other patterns run only where they could match: most text a run records has no secret.
    if (result.length >= shortestMnemonic && hasSpaces(result, 11))
      result = result.replace(wordRun, redactMnemonics)
    if (options.everyHexKey) result = result.replace(hexKey, redactionMark)
    if (result.includes('://')) result = result.replace(urlCredentials, `$1${redactionMark}@`)
    if (result.includes('=')) result = result.replace(secretParams, `$1${redactionMark}`)
    if (result.includes('Bearer') || result.includes('Basic'))
      result = result.replace(bearer, `$1 ${redactionMark}`)
    return result
  }
}

/** How a key's pattern begins (an escaped secret never does: its parentheses are escaped). */
const hexKeyPattern = '(?:0x)?'

/** Whether `text` holds `length` hex digits in a row. */
function hasHexRun(text: string, length: number): boolean {
  let run = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index) | 0x20
    // 0-9 (with 0x20 set they stay 0x30-0x39) and a-f, either case.
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66)) {
      if (++run >= length) return true
    } else run = 0
  }
  return false
}

/** Whether `text` holds at least `count` spaces: a mnemonic's twelve words need eleven. */
function hasSpaces(text: string, count: number): boolean {
  let seen = 0
  for (let index = text.indexOf(' '); index !== -1; index = text.indexOf(' ', index + 1)) {
    if (++seen >= count) return true
  }
  return false
}

/**
 * Within a run of words, every stretch of 12 or more BIP-39 words (a
 * mnemonic: anvil's `test test … junk` among them) goes; other words stay.
 */
function redactMnemonics(run: string): string {
  const words = run.split(' ')
  const out: string[] = []
  let stretch: string[] = []
  const flush = () => {
    if (stretch.length >= 12) out.push(redactionMark)
    else out.push(...stretch)
    stretch = []
  }
  for (const word of words) {
    if (mnemonicWords.has(word)) stretch.push(word)
    else {
      flush()
      out.push(word)
    }
  }
  flush()
  return out.join(' ')
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
    // postgres:// and other schemes the URL standard does not know have no origin.
    const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin
    return `${origin}${parsed.pathname}`
  } catch {
    return '(invalid URL)'
  }
}
