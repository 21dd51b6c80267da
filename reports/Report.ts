import type { Results } from '../core/index.js'
import type { ReportExtras } from './Extras.js'
import { renderHtml } from './Html.js'
import { renderJson } from './Json.js'
import { renderJunit } from './Junit.js'
import { renderMarkdown } from './Markdown.js'

/** The report files a run writes, by format. */
export type ReportFormat = 'md' | 'junit' | 'html' | 'json'

/** The file name each format is written to. */
export const reportFileNames: Readonly<Record<ReportFormat, string>> = {
  md: 'readiness.md',
  junit: 'junit.xml',
  html: 'report.html',
  json: 'results.json',
}

/**
 * Renders one report file's content. The runner decides where to write it
 * ({@link reportFileNames} has the usual names); nothing here touches the disk.
 *
 * @param results The results of one run.
 * @param format `md` (readiness.md), `junit`, `html` or `json`.
 * @param extras Readiness info and the path prefix (default: neither).
 */
export function renderReport(
  results: Results,
  format: ReportFormat,
  extras: ReportExtras = {},
): string {
  switch (format) {
    case 'md':
      return renderMarkdown(results, extras)
    case 'junit':
      return renderJunit(results, extras)
    case 'html':
      return renderHtml(results, extras)
    case 'json':
      return renderJson(results)
  }
}
