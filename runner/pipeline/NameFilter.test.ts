import { describe, expect, test } from 'vitest'
import { UsageError } from '../../core/index.js'
import { matchesNamePattern, namePatternOf } from './NameFilter.js'

describe('-t name patterns', () => {
  const id = 'base/transfers.accept.ts > value transfers > L2 includes a transfer'

  test('match the describe blocks and name joined by spaces, not the file', () => {
    expect(matchesNamePattern(id, namePatternOf('value transfers L2'))).toBe(true)
    expect(matchesNamePattern(id, namePatternOf('^L2'))).toBe(false)
    expect(matchesNamePattern(id, namePatternOf('transfer$'))).toBe(true)
    expect(matchesNamePattern(id, namePatternOf('accept'))).toBe(false)
  })

  test('a pattern that does not compile is a UsageError', () => {
    expect(() => namePatternOf('(')).toThrowError(UsageError)
  })
})
