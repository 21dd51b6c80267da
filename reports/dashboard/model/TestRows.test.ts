import { describe, expect, test } from 'vitest'
import { fixtureIds, fixtureResults } from '../../../test/fixtures/reports.js'
import { filterTestRows, testPageOf } from './TestRows.js'

const results = fixtureResults()
const ids = (filter: Parameters<typeof filterTestRows>[1]) =>
  filterTestRows(results, filter).map((row) => row.id)

describe('filterTestRows', () => {
  test('no filter lists every test, failures first', () => {
    const rows = filterTestRows(results, {})
    expect(rows).toHaveLength(results.tests.length)
    expect(rows[0]?.status).not.toBe('passed')
  })

  test('failing SEV1 tests: the failures classified SEV1 by some gate', () => {
    expect(ids({ status: 'failing', severity: 'SEV1' })).toEqual([fixtureIds.supervisor])
  })

  test('by owner and feature, and tests with no severity', () => {
    expect(ids({ owner: 'platforms', status: 'skipped' })).toEqual([fixtureIds.trace])
    expect(ids({ feature: 'fees', severity: 'none' })).toEqual([
      fixtureIds.operatorFee,
      fixtureIds.operatorVault,
    ])
  })

  test('flaky and quarantined are statuses of their own', () => {
    expect(ids({ status: 'flaky' })).toEqual([fixtureIds.operatorFee])
    expect(ids({ status: 'quarantined' }).sort()).toEqual(
      [fixtureIds.blockTime, fixtureIds.restart].sort(),
    )
  })
})

describe('testPageOf', () => {
  const rows = Array.from({ length: 120 }, (_, index) => ({
    ...(filterTestRows(results, {})[0] as ReturnType<typeof filterTestRows>[number]),
    id: `t${index}`,
  }))

  test('pages of 50, in order, with where each starts', () => {
    const pages = [1, 2, 3].map((page) => testPageOf(rows, page))
    expect(pages.map((page) => page.rows.length)).toEqual([50, 50, 20])
    expect(pages.flatMap((page) => page.rows.map((row) => row.id))).toEqual(
      rows.map((row) => row.id),
    )
    expect(pages.map((page) => [page.page, page.offset, page.pageCount, page.matched])).toEqual([
      [1, 0, 3, 120],
      [2, 50, 3, 120],
      [3, 100, 3, 120],
    ])
  })

  test('no page is the first; a page past the last is the last; no rows is one empty page', () => {
    expect(testPageOf(rows).page).toBe(1)
    expect(testPageOf(rows, 99).rows.map((row) => row.id)).toEqual(
      rows.slice(100).map((row) => row.id),
    )
    expect(testPageOf([], 3)).toEqual({ rows: [], page: 1, pageCount: 1, matched: 0, offset: 0 })
  })
})
