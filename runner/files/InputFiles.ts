import { resolve } from 'node:path'
import { createRedactor, editedResults, InputError, Results, redactData } from '../../core/index.js'
import {
  type GatesFile,
  parseFileContent,
  parseGatesFile,
  parseReadinessFile,
  type ReadinessFile,
  type ResolvedGate,
  resolveGate,
} from '../../gates/index.js'
import { displayPath, readDataFile } from './DataFile.js'
import { shippedGatesPath } from './PackagePaths.js'

/**
 * The files a person hands signalbox: a gates file, a readiness file, a
 * stored results.json. Each is read, parsed and validated here; every error
 * names the file and the place in it (exit 2).
 */

/** The gate a run is judged by when it names none. */
export const defaultGate = 'pr'

export interface LoadedGates {
  file: GatesFile
  /** The file as errors and reports name it. */
  fileName: string
}

/**
 * Reads and validates a gates file: the one given, else the gates signalbox
 * ships.
 */
export async function loadGatesFile(path: string | undefined, cwd: string): Promise<LoadedGates> {
  const absolute = path ? resolve(cwd, path) : shippedGatesPath()
  const fileName = displayPath(absolute, cwd)
  const data = await readDataFile(absolute, 'gates file', cwd)
  return { file: parseGatesFile(data, fileName), fileName }
}

/** Resolves each named gate (inheritance applied); an unknown name is an error listing the known ones. */
export function resolveGates(gates: LoadedGates, names: readonly string[]): ResolvedGate[] {
  return names.map((name) => resolveGate(gates.file, name, { fileName: gates.fileName }))
}

/**
 * Reads and validates a release candidate's readiness file. Its text goes
 * into every report, so credentials in its links are redacted as it is read.
 */
export async function loadReadinessFile(path: string, cwd: string): Promise<ReadinessFile> {
  const absolute = resolve(cwd, path)
  const data = await readDataFile(absolute, 'readiness file', cwd)
  return redactData(parseReadinessFile(data, displayPath(absolute, cwd)), createRedactor())
}

/** Reads and validates a stored results.json (redacted when it was written). */
export async function readResultsFile(path: string, cwd: string): Promise<Results> {
  const absolute = resolve(cwd, path)
  const data = await readDataFile(absolute, 'results file', cwd)
  return parseFileContent(Results, data, displayPath(absolute, cwd), 'results file')
}

/**
 * A results file to judge again: read as `readResultsFile`, then refused
 * (exit 2) when what it holds is not what was judged — edited by hand, or
 * without the digest to tell — unless `allowEdited`; then `warn` is told.
 */
export async function readJudgedResultsFile(
  path: string,
  cwd: string,
  options: { allowEdited: boolean; warn: (message: string) => void },
): Promise<Results> {
  const results = await readResultsFile(path, cwd)
  const edited = editedResults(results)
  if (edited === undefined) return results
  const file = displayPath(resolve(cwd, path), cwd)
  const what =
    edited === 'missing'
      ? `results file ${file} carries no digest of what was judged (field "judged"), so an edit cannot be told apart`
      : `results file ${file} was edited after it was judged: its run, tests or health no longer match its digest (field "judged")`
  if (!options.allowEdited) {
    throw new InputError(what, {
      source: file,
      hint: 'Judge the results signalbox wrote; to judge this file anyway, add --allow-edited (the verdict then says so).',
    })
  }
  options.warn(`warning: ${what}; judged anyway (--allow-edited)`)
  return results
}
