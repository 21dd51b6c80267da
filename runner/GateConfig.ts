import { resolve } from 'node:path'
import {
  type GatesFile,
  parseGatesFile,
  parseReadinessFile,
  type ReadinessFile,
  type ResolvedGate,
  resolveGate,
} from '../gates/index.js'
import { displayPath, readDataFile } from './DataFile.js'
import { shippedGatesPath } from './PackagePaths.js'

/** The gate a run is judged by when it names none. */
export const defaultGate = 'pr'

export interface LoadedGates {
  file: GatesFile
  /** The file as errors and reports name it. */
  fileName: string
}

/**
 * Reads and validates a gates file: the one given, else the gates signalbox
 * ships. Errors name the file and the place in it.
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

/** Reads and validates a release candidate's readiness file. */
export async function loadReadinessFile(path: string, cwd: string): Promise<ReadinessFile> {
  const absolute = resolve(cwd, path)
  const data = await readDataFile(absolute, 'readiness file', cwd)
  return parseReadinessFile(data, displayPath(absolute, cwd))
}

/** Whether a gate picks tests (so the run must know every test before it runs). */
export function selectsTests(gate: ResolvedGate): boolean {
  return gate.include !== null || gate.exclude.features.length > 0 || gate.exclude.tests.length > 0
}
