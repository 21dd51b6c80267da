import { resolve } from 'node:path'
import { type Results, type RunInfo, UsageError, type Warning } from '../../core/index.js'
import {
  type ReadinessFile,
  type ResolvedGate,
  requiredChecklistOf,
  surprisingSelections,
  unmatchedReadinessEntries,
  unmatchedReadinessError,
  unmatchedWarnings,
} from '../../gates/index.js'
import { displayPath } from '../files/DataFile.js'
import { type LoadedGates, loadReadinessFile } from '../files/InputFiles.js'

/**
 * `--strict` / `--no-strict` and the warnings of a judgement: readiness
 * entries that match nothing, gate entries that select nothing more. Under
 * strict, an unmatched readiness entry is an error (exit 2) before anything
 * is written. `run`, `verdict`, `report` and `merge` share it.
 */

/** The options, for `parseCommand`. */
export const strictOptions = {
  strict: { type: 'boolean' },
  'no-strict': { type: 'boolean' },
} as const

/**
 * What `--strict` / `--no-strict` ask for; undefined when neither is given
 * (then the gates decide: see `ResolvedPolicy.strict`).
 */
export function strictOption(values: {
  strict?: boolean | undefined
  'no-strict'?: boolean | undefined
}): boolean | undefined {
  if (values.strict && values['no-strict'])
    throw new UsageError('--strict and --no-strict do not go together')
  if (values.strict) return true
  if (values['no-strict']) return false
  return undefined
}

/** A readiness file and how errors and warnings name it. */
export interface LoadedReadiness {
  file: ReadinessFile
  fileName: string
}

/** Reads a readiness file (`--readiness`), keeping its name for warnings; undefined without one. */
export async function loadReadiness(
  path: string | undefined,
  cwd: string,
): Promise<LoadedReadiness | undefined> {
  if (path === undefined) return undefined
  return {
    file: await loadReadinessFile(path, cwd),
    fileName: displayPath(resolve(cwd, path), cwd),
  }
}

/** The gates file entries that select nothing more for these gates, each once. */
export function gateSelectionWarnings(
  gates: LoadedGates,
  judged: readonly ResolvedGate[],
): Warning[] {
  const seen = new Map<string, Warning>()
  for (const gate of judged) {
    for (const warning of surprisingSelections(gates.file, gate.name, gates.fileName)) {
      const source = `${gates.fileName}: ${warning.source}`
      seen.set(source, { rule: 'gate-selection', source, message: warning.message })
    }
  }
  return [...seen.values()]
}

/** Everything `judgementWarnings` reads. */
export interface JudgementWarningsInput {
  gatesFile: LoadedGates
  /** The gates judged. */
  gates: readonly ResolvedGate[]
  readiness: LoadedReadiness | undefined
  /** The judged results: every test, health check and verdict. */
  results: Pick<Results, 'tests' | 'health' | 'verdicts'> & { run: Pick<RunInfo, 'shard'> }
  /** `strictOption` of the command line. */
  strict: boolean | undefined
  /**
   * Why the results hold only part of the suites' tests (file filters, `-t`),
   * if they do. A shard's results (`run.shard`) are part of a run too.
   */
  partial?: string | undefined
}

/**
 * The warnings a judgement carries into results.json and the reports. Part
 * of a run (a shard, file filters) leaves the readiness file unchecked:
 * entries naming the other tests would all look unmatched; `merge` checks the
 * whole run.
 *
 * @throws {UnmatchedReadinessError} when a readiness entry matches nothing
 *   and the judgement is strict: `--strict`, or no `--no-strict` and a judged
 *   gate is strict (betanet, testnet and their heirs by default).
 */
export function judgementWarnings(input: JudgementWarningsInput): Warning[] {
  const warnings = gateSelectionWarnings(input.gatesFile, input.gates)
  const { readiness, results } = input
  if (!readiness || input.partial !== undefined || results.run.shard !== undefined) return warnings
  const unmatched = unmatchedReadinessEntries({
    readiness: readiness.file,
    tests: results.tests,
    health: results.health,
    verdicts: results.verdicts,
    requiredChecklist: requiredChecklistOf(input.gatesFile.file),
  })
  if (unmatched.length === 0) return warnings
  const strictGate = input.gates.find((gate) => gate.policy.strict)
  const why =
    input.strict === true
      ? '--strict'
      : strictGate
        ? `gate ${strictGate.name} is strict`
        : undefined
  if (input.strict !== false && why !== undefined) {
    throw unmatchedReadinessError(unmatched, readiness.fileName, why)
  }
  return [...unmatchedWarnings(unmatched, readiness.fileName), ...warnings]
}

/** Results with their warnings, in results.json's key order; unchanged when there are none. */
export function withWarnings(results: Results, warnings: readonly Warning[]): Results {
  if (warnings.length === 0) return results
  const { judged, ...rest } = results
  return { ...rest, warnings: [...warnings], ...(judged === undefined ? {} : { judged }) }
}
