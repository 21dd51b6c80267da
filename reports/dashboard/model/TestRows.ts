import type { Results } from '../../../core/index.js'
import { isFindingStatus } from '../../../gates/index.js'
import { type HtmlTestRow, htmlTestRows } from '../../Html.js'
import type { TestFilter } from '../RequestSchemas.js'

/**
 * The tests of a run as its page lists them: the report's rows (failures
 * first, most severe first, each with the severity it is reported with),
 * narrowed by the page's filters. Plain data in, plain data out.
 */

/** Whether a row passes the filter; every field narrows, none is required. */
export function matchesTestFilter(row: HtmlTestRow, filter: TestFilter): boolean {
  if (filter.feature !== undefined && row.feature !== filter.feature) return false
  if (filter.owner !== undefined && row.owner !== filter.owner) return false
  if (
    filter.severity !== undefined &&
    row.severity !== (filter.severity === 'none' ? '' : filter.severity)
  ) {
    return false
  }
  switch (filter.status) {
    case undefined:
      return true
    case 'failing':
      return isFindingStatus(row.status)
    case 'flaky':
      return row.flaky
    case 'quarantined':
      return row.quarantined
    default:
      return row.status === filter.status
  }
}

/** Tests a run page lists at once; the rest are on the next pages. */
export const testsPerPage = 50

/** One page of a run's matching tests. */
export interface TestPage {
  rows: HtmlTestRow[]
  /** From 1; a page past the last is the last. */
  page: number
  pageCount: number
  /** How many tests matched, on every page. */
  matched: number
  /** The position of `rows[0]` among them, from 0. */
  offset: number
}

/** The `page`-th {@link testsPerPage} of `rows` (the first when `page` is undefined). */
export function testPageOf(rows: readonly HtmlTestRow[], page = 1): TestPage {
  const pageCount = Math.max(1, Math.ceil(rows.length / testsPerPage))
  const shown = Math.min(Math.max(1, page), pageCount)
  const offset = (shown - 1) * testsPerPage
  return {
    rows: rows.slice(offset, offset + testsPerPage),
    page: shown,
    pageCount,
    matched: rows.length,
    offset,
  }
}

/** The run's tests that pass `filter`, in the report's order. */
export function filterTestRows(results: Results, filter: TestFilter): HtmlTestRow[] {
  return htmlTestRows(results).filter((row) => matchesTestFilter(row, filter))
}
