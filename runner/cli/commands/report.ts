import { basename, dirname, resolve } from 'node:path'
import { Results, UsageError } from '../../../core/index.js'
import { judge } from '../../../gates/index.js'
import { type ReportFormat, renderReport, reportFileNames } from '../../../reports/index.js'
import { writeFilesAtomically } from '../../files/AtomicFiles.js'
import { displayPath } from '../../files/DataFile.js'
import { loadGatesFile, readJudgedResultsFile, resolveGates } from '../../files/InputFiles.js'
import { type CliIo, dayOption, gateNames, parseCommand } from '../Arguments.js'
import {
  judgementWarnings,
  loadReadiness,
  strictOption,
  strictOptions,
  withWarnings,
} from '../Strict.js'

const formats = Object.keys(reportFileNames) as ReportFormat[]

/**
 * `signalbox report <results.json> --format md|junit|html|json [--out file]`:
 * a report from stored results. With `--readiness` or `--gate` the results are
 * judged again (on `--now`, default today) by the same judge as `verdict`, so
 * the report says what `signalbox verdict` says with the same files, warnings
 * and `--strict` included: a strict refusal writes no report.
 */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      format: { type: 'string' },
      out: { type: 'string' },
      gate: { type: 'string' },
      'gates-file': { type: 'string' },
      readiness: { type: 'string' },
      now: { type: 'string' },
      'path-prefix': { type: 'string' },
      'allow-edited': { type: 'boolean', default: false },
      ...strictOptions,
    },
    true,
  )
  const [resultsPath, ...extra] = positionals
  if (!resultsPath || extra.length > 0) {
    throw new UsageError(
      'report takes one results file: signalbox report <results.json> --format <format>',
    )
  }
  const format = values.format as ReportFormat | undefined
  if (!format || !formats.includes(format)) {
    throw new UsageError(
      `--format takes one of ${formats.join(', ')}${values.format ? `, got "${values.format}"` : ''}`,
    )
  }
  const now = dayOption(values.now, '--now') ?? new Date()
  const strict = strictOption(values)
  const stored = await readJudgedResultsFile(resultsPath, io.cwd, {
    allowEdited: values['allow-edited'],
    warn: io.stderr,
  })
  const readiness = await loadReadiness(values.readiness, io.cwd)
  let results: Results = stored
  if (readiness || values.gate || values['gates-file']) {
    const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
    const gates = resolveGates(gatesFile, gateNames(values.gate, stored.run.gates.join(',')))
    const judgement = judge({ results: stored, gates, readiness: readiness?.file, now })
    // The stored warnings were the stored judgement's: this one finds its own.
    const { warnings: _stored, ...rest } = stored
    // Through the schema, as a run writes them: the same contract, in the same key order.
    const judged = Results.parse({
      ...rest,
      run: { ...stored.run, gates: gates.map((gate) => gate.name) },
      tests: judgement.tests,
      verdicts: judgement.verdicts,
    })
    // Decided before anything is written: a strict refusal leaves no report behind.
    results = withWarnings(
      judged,
      judgementWarnings({ gatesFile, gates, readiness, results: judged, strict }),
    )
  }
  const text = renderReport(results, format, {
    ...(readiness ? { readiness: readiness.file } : {}),
    ...(values['path-prefix'] ? { pathPrefix: values['path-prefix'] } : {}),
  })
  if (!values.out) {
    io.stdout(text.trimEnd())
    return 0
  }
  const out = resolve(io.cwd, values.out)
  await writeFilesAtomically(dirname(out), { [basename(out)]: text })
  io.stdout(`${format} report written to ${displayPath(out, io.cwd)}`)
  return 0
}
