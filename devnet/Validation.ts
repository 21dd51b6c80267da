import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { DevnetInputError, type InputIssue } from './DevnetError.js'

/**
 * The text of an input file (`what` is the kind of document, e.g. `devnet
 * descriptor`), or a DevnetInputError naming `source` (the path as given) and
 * why it cannot be read.
 */
export async function readInputFile(
  path: string,
  { source, what, hint }: { source: string; what: string; hint?: string },
): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : String(code ?? cause)
    throw new DevnetInputError(`cannot read ${what} ${source}: ${reason}`, {
      source,
      ...(hint ? { hint } : {}),
      cause,
    })
  }
}

/**
 * A document path as people write it: `l2[0].nodes[0].services.el`. Keys that
 * are not plain identifiers are quoted, so a service called `op-el-1` reads
 * `services["op-el-1"]`.
 */
function formatPath(path: readonly PropertyKey[]): string {
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
  const issues = issuesOf(result.error)
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  throw new DevnetInputError(`${what} ${source} is invalid (${count})`, {
    source,
    issues,
    ...(hint ? { hint } : {}),
  })
}
