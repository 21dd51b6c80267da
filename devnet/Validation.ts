import type { z } from 'zod'
import { DevnetInputError, type InputIssue } from './DevnetError.js'

/**
 * A document path as people write it: `l2[0].nodes[0].services.el`. Keys that
 * are not plain identifiers are quoted, so a service called `op-el-1` reads
 * `services["op-el-1"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let formatted = ''
  for (const key of path) {
    if (typeof key === 'number') formatted += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) {
      formatted += formatted ? `.${key}` : key
    } else formatted += `[${JSON.stringify(String(key))}]`
  }
  return formatted
}

/**
 * zod's issues as paths and short messages. zod v4 never echoes the input
 * value in its messages, which matters here: a wrong value may be a private key.
 */
export function issuesOf(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message
      .replace(/^(Invalid input|Invalid option|Too big|Too small): /, '')
      .replace(/^expected (.+), received undefined$/, 'missing (expected $1)'),
  }))
}

/**
 * Parses `data` with `schema`, or throws a DevnetInputError that names the
 * source (`what` is the kind of document, e.g. `devnet descriptor`) and every
 * path that is wrong.
 */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  { source, what, hint }: { source: string; what: string; hint?: string },
): z.output<Schema> {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  return throwInvalid(source, what, issuesOf(result.error), hint)
}

function throwInvalid(source: string, what: string, issues: InputIssue[], hint?: string): never {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  throw new DevnetInputError(`${what} ${source} is invalid (${count})`, {
    source,
    issues,
    ...(hint ? { hint } : {}),
  })
}
