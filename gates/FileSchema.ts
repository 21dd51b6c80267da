import type { z } from 'zod'
import { checkSchema } from '../core/index.js'
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
  const result = checkSchema(schema, data)
  if (result.success) return result.data
  const problems = result.issues.map((issue) => `${issue.path}: ${issue.message}`)
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
