import { describe, expect, test } from 'vitest'
import { formatPath } from './SchemaIssues.js'

describe('formatPath', () => {
  test('dots between keys, brackets around list indexes', () => {
    expect(formatPath(['gates', 'betanet', 'severityRules', 0, 'match', 'status', 1])).toBe(
      'gates.betanet.severityRules[0].match.status[1]',
    )
  })

  test('quotes keys that are not plain names', () => {
    expect(formatPath(['gates', 'beta net', 'policy'])).toBe('gates["beta net"].policy')
    expect(formatPath(['gates', 'beta-net'])).toBe('gates.beta-net')
  })

  test('names the top level when there is no path', () => {
    expect(formatPath([])).toBe('(top level)')
  })
})
