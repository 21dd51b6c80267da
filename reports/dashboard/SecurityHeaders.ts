import type { onSendHookHandler } from 'fastify'

/**
 * The headers every dashboard answer carries. The Content-Security-Policy
 * lets a page load only the dashboard's own stylesheet and script and open
 * WebSockets back to it: no inline script or style, no other origin, no
 * frames, no plugins. Untrusted text that escaped its escaping could still
 * not run.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

const headers: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

/** Sets the security headers on every reply; pages and API answers are not to be cached by shared caches. */
export const securityHeaders: onSendHookHandler = (_request, reply, payload, done) => {
  reply.headers(headers)
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  done(null, payload)
}
