import { relative } from 'node:path'
import { parseDocument } from 'yaml'
import { InputError, maxYamlNesting, readInputText, yamlNestingOf } from '../../core/index.js'

/**
 * Reads a YAML (or JSON, which is YAML) file and returns its data. A missing
 * file or a syntax error is an InputError naming the file and the line and
 * column; what the data means is for the caller's schema to say.
 */
export async function readDataFile(
  path: string,
  what: string,
  cwd: string = process.cwd(),
): Promise<unknown> {
  const shown = displayPath(path, cwd)
  const read = await readInputText(path)
  if ('problem' in read) {
    throw new InputError(`cannot read the ${what} ${shown}: ${read.problem}`, {
      source: shown,
      cause: read.cause,
    })
  }
  return parseData(read.text, shown, what)
}

/** Parses YAML/JSON text; `shown` is the file name errors name. */
export function parseData(text: string, shown: string, what: string): unknown {
  if (yamlNestingOf(text) > maxYamlNesting) {
    throw new InputError(`the ${what} ${shown} nests deeper than ${maxYamlNesting} levels`, {
      source: shown,
      hint: 'No signalbox file needs more than a few levels of mappings and lists.',
    })
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  const [first] = document.errors
  if (first) {
    const [position] = first.linePos ?? []
    const where = position ? `${shown}:${position.line}:${position.col}` : shown
    // The library's message repeats the position, which `where` already says.
    const message = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')
    throw new InputError(`the ${what} ${where} is not valid YAML: ${message}`)
  }
  try {
    // Aliases are expanded here: a file that expands beyond a sane size (an alias bomb) is refused.
    return document.toJS({ maxAliasCount: 1_000 })
  } catch (error) {
    throw new InputError(`the ${what} ${shown} cannot be read: ${(error as Error).message}`, {
      hint: 'Use fewer YAML aliases (*name); signalbox expands each one.',
    })
  }
}

/** A path as a person reads it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  const relativePath = relative(cwd, path)
  return relativePath && !relativePath.startsWith('..') ? relativePath : path
}
