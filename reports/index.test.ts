import { describe, expect, test } from 'vitest'
import { fixtureReadiness, fixtureResults } from '../test/fixtures/reports.js'
import {
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderReport,
  reportFileNames,
} from './index.js'

describe('renderReport', () => {
  test('dispatches each format to its writer with the same context', () => {
    const results = fixtureResults()
    const context = { readiness: fixtureReadiness(), pathPrefix: 'suites' }
    expect(renderReport(results, 'md', context)).toBe(renderMarkdown(results, context))
    expect(renderReport(results, 'junit', context)).toBe(renderJunit(results, context))
    expect(renderReport(results, 'html', context)).toBe(renderHtml(results, context))
    expect(renderReport(results, 'json')).toBe(renderJson(results))
    expect(renderReport(results, 'junit', context)).toContain(
      'file: suites/bridge/deposits.accept.ts:14',
    )
  })

  test('json is the results contract as it is', () => {
    const results = fixtureResults()
    expect(JSON.parse(renderReport(results, 'json'))).toEqual(results)
  })

  test('is pure: the same input renders the same bytes', () => {
    for (const format of ['md', 'junit', 'html', 'json'] as const) {
      expect(renderReport(fixtureResults(), format)).toBe(renderReport(fixtureResults(), format))
    }
  })

  test('file names', () => {
    expect(reportFileNames).toEqual({
      md: 'readiness.md',
      junit: 'junit.xml',
      html: 'report.html',
      json: 'results.json',
    })
  })
})
