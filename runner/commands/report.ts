import { basename, dirname, resolve } from 'node:path'
import { createRedactor, Results, UsageError } from '../../core/index.js'
import { parseFileContent } from '../../gates/index.js'
import { type ReportFormat, renderReport, reportFileNames } from '../../reports/index.js'
import { type CliIo, parseCommand } from '../CommandLine.js'
import { displayPath, readDataFile } from '../DataFile.js'
import { loadReadinessFile } from '../GateConfig.js'
import { writeRunFiles } from '../RunFiles.js'

const formats = Object.keys(reportFileNames) as ReportFormat[]

/** Reads and validates a stored results.json. */
export async function readResultsFile(path: string, io: CliIo): Promise<Results> {
  const absolute = resolve(io.cwd, path)
  const data = await readDataFile(absolute, 'results file', io.cwd)
  return parseFileContent(Results, data, displayPath(absolute, io.cwd), 'results file')
}

/** `signalbox report <results.json> --format md|junit|html|json [--out file]`: a report from stored results. */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      format: { type: 'string' },
      out: { type: 'string' },
      readiness: { type: 'string' },
      'path-prefix': { type: 'string' },
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
  const results = await readResultsFile(resultsPath, io)
  const readiness = values.readiness ? await loadReadinessFile(values.readiness, io.cwd) : undefined
  const extras = {
    ...(readiness ? { readiness } : {}),
    ...(values['path-prefix'] ? { pathPrefix: values['path-prefix'] } : {}),
  }
  // Stored results are redacted already; the readiness file's text is not.
  const text = createRedactor()(renderReport(results, format, extras))
  if (!values.out) {
    io.stdout(text.trimEnd())
    return 0
  }
  const out = resolve(io.cwd, values.out)
  await writeRunFiles(dirname(out), { [basename(out)]: text })
  io.stdout(`${format} report written to ${displayPath(out, io.cwd)}`)
  return 0
}
