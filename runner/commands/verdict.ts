import { resolve } from 'node:path'
import { evaluate, parseFileContent, Results } from '../../gates/index.js'
import { type CliIo, gateNames, parseCommand } from '../CommandLine.js'
import { displayPath, readDataFile } from '../DataFile.js'
import { UsageError } from '../errors.js'
import { loadGatesFile, loadReadinessFile, resolveGates } from '../GateConfig.js'
import { exitCodeOfDecision } from '../Run.js'
import { renderVerdicts } from '../Summary.js'

/**
 * `signalbox verdict <results.json> --gate <g> [--readiness <file>]`: judges
 * stored results again, without running anything — after Platforms added a
 * mitigation or a triage override to the readiness file, say.
 */
export async function verdictCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      gate: { type: 'string' },
      'gates-file': { type: 'string' },
      readiness: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  )
  const [resultsPath, ...extra] = positionals
  if (!resultsPath || extra.length > 0) {
    throw new UsageError(
      'verdict takes one results file: signalbox verdict <results.json> --gate <gate>',
    )
  }
  if (values.now !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.now)) {
    throw new UsageError(`--now takes a date as YYYY-MM-DD, got "${values.now}"`)
  }
  const absolute = resolve(io.cwd, resultsPath)
  const results = parseFileContent(
    Results,
    await readDataFile(absolute, 'results file', io.cwd),
    displayPath(absolute, io.cwd),
    'results file',
  )
  const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
  const gates = resolveGates(gatesFile, gateNames(values.gate, results.run.gates.join(',')))
  const readiness = values.readiness ? await loadReadinessFile(values.readiness, io.cwd) : undefined
  const now = values.now ?? new Date()
  const verdicts = gates.map((gate) =>
    evaluate({
      gate,
      tests: results.tests,
      health: results.health,
      readiness,
      now,
      complete: results.run.complete,
      error: results.run.error,
    }),
  )
  io.stdout(values.json ? JSON.stringify(verdicts, null, 2) : renderVerdicts(verdicts))
  return Math.max(...verdicts.map((verdict) => exitCodeOfDecision[verdict.decision]))
}
