import { describe, expect, test } from 'vitest'
import { fixtureIds, fixtureResults } from '../../../test/fixtures/reports.js'
import { filterTestRows } from './TestRows.js'

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
