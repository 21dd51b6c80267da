import { describe, expect, test } from 'vitest'
import { featureOf, parseTestId, testIdOf } from './TestId.js'

describe('test identity', () => {
  test('joins file, describe blocks and name with " > "', () => {
    expect(testIdOf('base/a.accept.ts', ['outer', 'inner'], 'works')).toBe(
      'base/a.accept.ts > outer > inner > works',
    )
  })

  test('feature is the first folder under the suites root, unless declared', () => {
    expect(featureOf('fees/eip1559/base-fee.accept.ts')).toBe('fees')
    expect(featureOf('fees/base-fee.accept.ts', 'gas')).toBe('gas')
    expect(featureOf('smoke.accept.ts')).toBe('smoke')
  })
})

describe('parseTestId', () => {
  test('takes an id apart into its file and titles, the inverse of testIdOf', () => {
    const id = testIdOf('base/a.accept.ts', ['outer', 'inner'], 'works')
    expect(parseTestId(id)).toEqual({
      file: 'base/a.accept.ts',
      titles: ['outer', 'inner', 'works'],
    })
  })

  test('an id without titles is a file', () => {
    expect(parseTestId('base/a.accept.ts')).toEqual({ file: 'base/a.accept.ts', titles: [] })
  })
})
