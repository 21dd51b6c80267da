import type { Results } from '../core/index.js'
import { renderHtml } from './Html.js'
import { renderJson } from './Json.js'
import { renderJunit } from './Junit.js'
import { renderMarkdown } from './Markdown.js'
import type { ReportContext } from './ReportContext.js'

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
 * @param context Readiness info and the path prefix (default: neither).
 */
export function renderReport(
  results: Results,
  format: ReportFormat,
  context: ReportContext = {},
): string {
  switch (format) {
    case 'md':
      return renderMarkdown(results, context)
    case 'junit':
      return renderJunit(results, context)
    case 'html':
      return renderHtml(results, context)
    case 'json':
      return renderJson(results)
  }
}
