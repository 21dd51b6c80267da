import type { z } from 'zod'
import { checkSchema, readInputText } from '../core/index.js'
import { DevnetInputError } from './DevnetError.js'

/**
 * The text of an input file (`what` is the kind of document, e.g. `devnet
 * descriptor`), or a DevnetInputError naming `source` (the path as given) and
 * why it cannot be read.
 */
export async function readInputFile(
  path: string,
  { source, what, hint }: { source: string; what: string; hint?: string },
): Promise<string> {
  const read = await readInputText(path)
  if ('text' in read) return read.text
  throw new DevnetInputError(`cannot read ${what} ${source}: ${read.problem}`, {
    source,
    ...(hint ? { hint } : {}),
    cause: read.cause,
  })
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
  // Values are never quoted: a malformed private key is still a key.
  const result = checkSchema(schema, data, { showInput: false })
  if (result.success) return result.data
  const { issues } = result
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  throw new DevnetInputError(`${what} ${source} is invalid (${count})`, {
    source,
    issues,
    ...(hint ? { hint } : {}),
  })
}
