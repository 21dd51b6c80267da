import type { Results } from '../../core/index.js'
import {
  type ReportContext,
  type ReportFormat,
  renderReport,
  reportFileNames,
} from '../../reports/index.js'
import { writeFilesAtomically } from './AtomicFiles.js'

/** The report files every run writes, in the order they are listed. */
export const runReportFormats: readonly ReportFormat[] = ['json', 'md', 'junit', 'html']

/**
 * Every report of a run, by file name: results.json, readiness.md, junit.xml
 * and report.html, rendered from redacted results (and a redacted readiness
 * file).
 */
export function renderRunReports(results: Results, context: ReportContext): Record<string, string> {
  return Object.fromEntries(
    runReportFormats.map((format) => [
      reportFileNames[format],
      renderReport(results, format, context),
    ]),
  )
}

/** Writes a run's reports into `dir`, each whole or not at all; returns the paths written. */
export function writeRunReports(
  dir: string,
  results: Results,
  context: ReportContext,
): Promise<string[]> {
  return writeFilesAtomically(dir, renderRunReports(results, context))
}
