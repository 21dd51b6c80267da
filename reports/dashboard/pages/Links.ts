/**
 * The dashboard's addresses, built in one place: every path segment and query
 * value from data is percent-encoded, so a test id or an owner can only ever
 * be a value, never a path or another parameter.
 */

type Query = Readonly<Record<string, string | number | undefined>>

/** `path?key=value…`, leaving out keys without a value. */
export function withQuery(path: string, query: Query = {}): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    value === undefined || value === '' ? [] : [`${key}=${encodeURIComponent(String(value))}`],
  )
  return pairs.length === 0 ? path : `${path}?${pairs.join('&')}`
}

export const links = {
  runs: (query?: Query) => withQuery('/', query),
  run: (runId: string, query?: Query) => withQuery(`/runs/${encodeURIComponent(runId)}`, query),
  verdict: (runId: string, gate: string) =>
    `/runs/${encodeURIComponent(runId)}/gates/${encodeURIComponent(gate)}`,
  readinessMarkdown: (runId: string, gate: string) =>
    `/runs/${encodeURIComponent(runId)}/gates/${encodeURIComponent(gate)}/readiness.md`,
  compare: (query: { head: string; base?: string | undefined; gate?: string | undefined }) =>
    withQuery('/compare', query),
  trends: (query?: Query) => withQuery('/trends', query),
  flaky: (query?: Query) => withQuery('/flaky', query),
  releases: () => '/releases',
  team: (owner: string) => `/teams/${encodeURIComponent(owner)}`,
  testHistory: (testId: string) => withQuery('/tests', { id: testId }),
  liveRuns: () => '/live',
  live: (runId: string) => `/live/${encodeURIComponent(runId)}`,
} as const
