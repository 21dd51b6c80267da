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

/** The run's tests that pass `filter`, in the report's order. */
export function filterTestRows(results: Results, filter: TestFilter): HtmlTestRow[] {
  return htmlTestRows(results).filter((row) => matchesTestFilter(row, filter))
}
