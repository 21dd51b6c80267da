import { z } from 'zod'
import { Decision, Severity, TestStatus } from '../../core/index.js'

/**
 * What the dashboard accepts in paths and query strings. Every name a request
 * carries is checked here, so no route ever sees `..`, a slash where none
 * belongs or a control character; nothing from a request becomes a path.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const controlCharacters = /[\u0000-\u001f\u007f]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const controlCharactersButLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** One line of text from a request: not empty, no control characters, at most `max` characters. */
export function oneLine(max: number) {
  return z
    .string()
    .min(1, { error: 'expected a non-empty string' })
    .max(max, { error: `expected at most ${max} characters` })
    .refine((value) => !controlCharacters.test(value), {
      error: 'expected one line without control characters',
    })
}

/** Text of several lines from a request: no control characters but line breaks, at most `max` characters. */
export function paragraphs(max: number) {
  return z
    .string()
    .max(max, { error: `expected at most ${max} characters` })
    .refine((value) => !controlCharactersButLineBreaks.test(value), {
      error: 'expected text without control characters',
    })
}

/** A run id as `signalbox run` makes them (`20261120T140211Z-7f3a9c`): letters, digits, `.`, `_`, `:`, `+`, `-`, not starting with a dot. */
export const RunId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$/, {
  error: 'expected a run id: letters, digits, ".", "_", ":", "+" or "-", at most 200',
})

/** A gate's name as gates.yaml spells it. */
export const GateName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/, {
  error: 'expected a gate name: letters, digits, " ", "_", "." or "-", at most 100',
})

/** A test id (`file > describe > name`): free text, looked up, never a path. */
export const TestIdText = oneLine(2000)

/** A suite owner as tests declare it, e.g. `bridge-team` or `@org/bridge`; `..` is not one. */
export const OwnerName = oneLine(200).refine((value) => !value.split('/').includes('..'), {
  error: 'expected an owner name, not a relative path',
})

/** A release, devnet, branch or feature name in a filter. */
export const FilterText = oneLine(200)

/**
 * An optional query field: absent, or empty as a form leaves an unset field
 * (`?gate=&release=rc-1`), is missing.
 */
export function optionalField<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional())
}

/** How many items a list shows. */
function limit(defaultValue: number, max: number) {
  return z.preprocess(
    (value) => (value === '' || value === undefined ? defaultValue : value),
    z.coerce.number().int().min(1).max(max),
  )
}

/** `?limit=` of lists of runs: default 50, at most 500. */
export const RunLimit = limit(50, 500)

/** `?limit=` of trends: the last N runs, default 30, at most 200. */
export const TrendLimit = limit(30, 200)

/** `?limit=` of flaky tests: default 100, at most 500. */
export const FlakyLimit = limit(100, 500)

/** `?limit=` of a test's history: default 20, at most 200. */
export const HistoryLimit = limit(20, 200)

/** An ISO timestamp, e.g. the `before` cursor of the runs list. */
export const Timestamp = z.iso.datetime({ offset: true, error: 'expected an ISO timestamp' })

/** `/runs/:id`, `/api/runs/:id`. */
export const RunParams = z.strictObject({ id: RunId })

/** `/runs/:id/gates/:gate`. */
export const RunGateParams = z.strictObject({ id: RunId, gate: GateName })

/** `?gate=&decision=&devnet=&release=&branch=&before=&limit=` of the runs list. */
export const RunsQuery = z.strictObject({
  gate: optionalField(GateName),
  decision: optionalField(Decision),
  devnet: optionalField(FilterText),
  release: optionalField(FilterText),
  branch: optionalField(FilterText),
  before: optionalField(Timestamp),
  limit: RunLimit,
})
export type RunsQuery = z.infer<typeof RunsQuery>

/** Which tests of a run its page lists: by status (or `failing`, `flaky`, `quarantined`), severity (or `none`), feature and owner. */
export const TestFilter = z.strictObject({
  status: optionalField(z.enum([...TestStatus.options, 'failing', 'flaky', 'quarantined'])),
  severity: optionalField(z.enum([...Severity.options, 'none'])),
  feature: optionalField(FilterText),
  owner: optionalField(OwnerName),
  /** The page of matching tests to list, from 1; past the last, the last. */
  page: optionalField(z.coerce.number().int().min(1).max(1_000_000)),
})
export type TestFilter = z.infer<typeof TestFilter>

/** `?id=&gate=&devnet=&limit=` of a test's history. */
export const TestHistoryQuery = z.strictObject({
  id: TestIdText,
  gate: optionalField(GateName),
  devnet: optionalField(FilterText),
  limit: HistoryLimit,
})
export type TestHistoryQuery = z.infer<typeof TestHistoryQuery>

/** `?head=&base=&gate=` of compare: without a base, the previous run of `gate` (default: head's first gate). */
export const CompareQuery = z.strictObject({
  head: RunId,
  base: optionalField(RunId),
  gate: optionalField(GateName),
})
export type CompareQuery = z.infer<typeof CompareQuery>

/** `?gate=&feature=&limit=` of trends: without a gate, the gate of the latest run. */
export const TrendsQuery = z.strictObject({
  gate: optionalField(GateName),
  feature: optionalField(FilterText),
  limit: TrendLimit,
})
export type TrendsQuery = z.infer<typeof TrendsQuery>

/** `?owner=&limit=` of flaky tests. */
export const FlakyQuery = z.strictObject({
  owner: optionalField(OwnerName),
  limit: FlakyLimit,
})
export type FlakyQuery = z.infer<typeof FlakyQuery>

/** `/teams/:owner`. */
export const TeamParams = z.strictObject({ owner: OwnerName })

/** `?runs=` of a team's view: how many recent runs it looks at, default 20, at most 100. */
export const TeamQuery = z.strictObject({ runs: limit(20, 100) })

/** The query of a route that takes none: any parameter is refused. */
export const NoQuery = z.strictObject({})

/** `/live/:runId`, `/api/live/:runId`. */
export const LiveRunParams = z.strictObject({ runId: RunId })

/** `?release=&branch=` of `/api/live/ingest`: saved with the run when it finishes. */
export const IngestQuery = z.strictObject({
  release: optionalField(FilterText),
  branch: optionalField(FilterText),
})
export type IngestQuery = z.infer<typeof IngestQuery>
