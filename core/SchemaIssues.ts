import type { z } from 'zod'
import type { InputIssue } from './SignalboxError.js'

/**
 * zod's issues as a person reads them: the path inside the document, as it
 * would be written (`gates.betanet.policy.SEV2`, `l2[0].nodes[0]`), and what
 * was expected. The one place that turns schema errors into text.
 */

/** How issues are worded. */
export interface IssueOptions {
  /**
   * Whether a message may quote the value it got (`got "maybe"`). Default:
   * true. Off for documents that hold private keys (descriptors, devnet
   * definitions): a malformed key is still a key.
   */
  showInput?: boolean
}

/** Every issue of a zod error, with its path and message. */
export function issuesOf(error: z.ZodError, options: IssueOptions = {}): InputIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: options.showInput === false ? describeWithoutInput(issue) : describeIssue(issue),
  }))
}

/**
 * `gates.betanet.policy.SEV2`, `severityRules[0].match`, `gates.beta-net`;
 * a key that is not words joined by dashes is quoted: `gates["my gate"]`,
 * `wallets["user-key-0"]`. `(top level)` for the document itself.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)'
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`
      const name = String(key)
      if (!/^[A-Za-z_$][\w$]*(?:-[A-Za-z_$][\w$]*)*$/.test(name)) return `[${JSON.stringify(name)}]`
      return index === 0 ? name : `.${name}`
    })
    .join('')
}

/** zod v4 never echoes the input in its own messages; only their wording is tidied. */
function describeWithoutInput(issue: z.core.$ZodIssue): string {
  return issue.message
    .replace(/^(Invalid input|Invalid option|Too big|Too small): /, '')
    .replace(/^expected (.+), received undefined$/, 'missing (expected $1)')
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `missing: expected ${describeType(issue.expected)}`
      return `expected ${describeType(issue.expected)}, got ${describeValue(issue.input)}`
    case 'invalid_value':
      return `expected ${describeChoices(issue.values)}, got ${describeValue(issue.input)}`
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length > 1 ? 'keys' : 'key'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`
    case 'invalid_key':
      return `invalid name ${describeValue(issue.input)}: ${issue.issues[0]?.message ?? issue.message}`
    default:
      // Our schemas word their own refinements and bounds as "expected …";
      // "got a list" would add nothing, the value itself does.
      return isScalar(issue.input)
        ? `${issue.message}, got ${describeValue(issue.input)}`
        : issue.message
  }
}

function describeChoices(values: readonly unknown[]): string {
  const shown = values.map((value) => JSON.stringify(value))
  return shown.length === 1 ? `${shown[0]}` : `one of ${shown.join(' | ')}`
}

function describeType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'int':
      return 'a whole number'
    case 'boolean':
      return 'true or false'
    case 'array':
      return 'a list'
    case 'object':
    case 'record':
      return 'a mapping'
    default:
      return expected
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return `the date ${value.toISOString()}`
  if (typeof value === 'object') return 'a mapping'
  return JSON.stringify(value)
}

function isScalar(value: unknown): boolean {
  return value !== undefined && (value === null || typeof value !== 'object')
}

/** The outcome of checking data against a schema: the parsed data, or every issue. */
export type SchemaCheck<T> = { success: true; data: T } | { success: false; issues: InputIssue[] }

/**
 * Checks `data` against `schema`; the caller words the error (which file,
 * which kind of document) from the issues.
 */
export function checkSchema<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  options: IssueOptions = {},
): SchemaCheck<z.output<Schema>> {
  const showInput = options.showInput !== false
  const result = schema.safeParse(data, { reportInput: showInput })
  if (result.success) return { success: true, data: result.data }
  return { success: false, issues: issuesOf(result.error, { showInput }) }
}
