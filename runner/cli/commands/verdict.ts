import { UsageError } from '../../../core/index.js'
import { judge } from '../../../gates/index.js'
import { renderTerminalSummary } from '../../../reports/index.js'
import {
  loadGatesFile,
  loadReadinessFile,
  readJudgedResultsFile,
  resolveGates,
} from '../../files/InputFiles.js'
import { type CliIo, dayOption, gateNames, parseCommand, useColor } from '../Arguments.js'

/**
 * `signalbox verdict <results.json> --gate <g> [--readiness <file>]`: judges
 * stored results again, without running anything — after Platforms added a
 * mitigation or a triage override to the readiness file, say. A file edited
 * since it was judged is refused unless `--allow-edited`.
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
      'allow-edited': { type: 'boolean', default: false },
    },
    true,
  )
  const [resultsPath, ...extra] = positionals
  if (!resultsPath || extra.length > 0) {
    throw new UsageError(
      'verdict takes one results file: signalbox verdict <results.json> --gate <gate>',
    )
  }
  const now = dayOption(values.now, '--now') ?? new Date()
  const results = await readJudgedResultsFile(resultsPath, io.cwd, {
    allowEdited: values['allow-edited'],
    warn: io.stderr,
  })
  const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
  const gates = resolveGates(gatesFile, gateNames(values.gate, results.run.gates.join(',')))
  const readiness = values.readiness ? await loadReadinessFile(values.readiness, io.cwd) : undefined
  const { verdicts, exitCode } = judge({ results, gates, readiness, now })
  io.stdout(
    values.json
      ? JSON.stringify(verdicts, null, 2)
      : renderTerminalSummary({ ...results, verdicts }, { color: useColor(io), width: io.columns }),
  )
  return exitCode
}
