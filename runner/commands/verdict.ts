import { UsageError } from '../../core/index.js'
import { applyQuarantine, evaluate } from '../../gates/index.js'
import { renderTerminalSummary } from '../../reports/index.js'
import { type CliIo, gateNames, parseCommand, useColor } from '../CommandLine.js'
import { loadGatesFile, loadReadinessFile, resolveGates } from '../GateConfig.js'
import { exitCodeOfDecision } from '../Run.js'
import { readResultsFile } from './report.js'

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
  const results = await readResultsFile(resultsPath, io)
  const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
  const gates = resolveGates(gatesFile, gateNames(values.gate, results.run.gates.join(',')))
  const readiness = values.readiness ? await loadReadinessFile(values.readiness, io.cwd) : undefined
  const now = values.now ?? new Date()
  // Quarantine is the readiness file's to say, and it may have changed since the run.
  const tests = readiness
    ? applyQuarantine(results.tests, readiness.quarantine, now)
    : results.tests
  const verdicts = gates.map((gate) =>
    evaluate({
      gate,
      tests,
      health: results.health,
      readiness,
      now,
      complete: results.run.complete,
      error: results.run.error,
    }),
  )
  io.stdout(
    values.json
      ? JSON.stringify(verdicts, null, 2)
      : renderTerminalSummary({ ...results, verdicts }, { color: useColor(io), width: io.columns }),
  )
  return Math.max(...verdicts.map((verdict) => exitCodeOfDecision[verdict.decision]))
}
