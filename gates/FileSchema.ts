import type { z } from 'zod'
import { GateConfigError } from './GateError.js'

/**
 * Validates the content of a file a person edits (gates file, readiness file)
 * against its schema, and turns every problem into a line that names the path
 * inside the file and what was expected, so it can be fixed without reading
 * the schema.
 *
 * @param schema The file's zod schema.
 * @param data The file's content, already parsed from YAML or JSON.
 * @param fileName How to name the file in the error, e.g. `gates.yaml`.
 * @param kind What the file is, e.g. `gates file`.
 * @throws {GateConfigError} listing every problem found.
 */
export function parseFileContent<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  fileName: string,
  kind: string,
): z.output<Schema> {
  const result = schema.safeParse(data, { reportInput: true })
  if (result.success) return result.data
  const problems = result.error.issues.map(
    (issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`,
  )
  return throwInvalid(fileName, kind, problems)
}

function throwInvalid(fileName: string, kind: string, problems: string[]): never {
  const [first, ...rest] = problems
  const shortMessage = `${fileName} is not a valid ${kind}: ${first}`
  throw new GateConfigError(shortMessage, {
    ...(rest.length > 0 && { details: `Also:\n${rest.map((line) => `  - ${line}`).join('\n')}` }),
    hint: `Fix ${fileName} at the path${problems.length > 1 ? 's' : ''} shown.`,
  })
}

/** `gates.betanet.policy.SEV2`, `severityRules[0].match`, `gates["my gate"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)'
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`
      const name = String(key)
      if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return `[${JSON.stringify(name)}]`
      return index === 0 ? name : `.${name}`
    })
    .join('')
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
