import { UsageError } from '../../../core/index.js'
import { judge } from '../../../gates/index.js'
import { renderTerminalSummary } from '../../../reports/index.js'
import { loadGatesFile, readJudgedResultsFile, resolveGates } from '../../files/InputFiles.js'
import { type CliIo, dayOption, gateNames, parseCommand, useColor } from '../Arguments.js'
import {
  judgementWarnings,
  loadReadiness,
  strictOption,
  strictOptions,
  withWarnings,
} from '../Strict.js'

/**
 * `signalbox verdict <results.json> --gate <g> [--readiness <file>]`: judges
 * stored results again, without running anything — after Platforms added a
 * mitigation or a triage override to the readiness file, say. A file edited
 * since it was judged is refused unless `--allow-edited`. A readiness entry
 * that matches nothing is a warning, or under `--strict` (the default for
 * betanet and testnet) an error, exit 2.
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
      ...strictOptions,
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
  const strict = strictOption(values)
  const results = await readJudgedResultsFile(resultsPath, io.cwd, {
    allowEdited: values['allow-edited'],
    warn: io.stderr,
  })
  const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
  const gates = resolveGates(gatesFile, gateNames(values.gate, results.run.gates.join(',')))
  const readiness = await loadReadiness(values.readiness, io.cwd)
  const { verdicts, exitCode } = judge({ results, gates, readiness: readiness?.file, now })
  const judged = { ...results, verdicts }
  const warnings = judgementWarnings({ gatesFile, gates, readiness, results: judged, strict })
  if (values.json) {
    // stdout is the verdicts as data; the warnings go beside them.
    for (const warning of warnings) io.stderr(`warning: ${warning.message}`)
    io.stdout(JSON.stringify(verdicts, null, 2))
  } else {
    io.stdout(
      renderTerminalSummary(withWarnings(judged, warnings), {
        color: useColor(io),
        width: io.columns,
      }),
    )
  }
  return exitCode
}
