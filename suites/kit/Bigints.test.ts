import { expect, test } from 'vitest'
import { maxOf, minOf } from './Bigints.js'

test('maxOf and minOf pick the extremes of bigints, from any iterable', () => {
  expect(maxOf([3n, 10n, -2n])).toBe(10n)
  expect(minOf(new Set([3n, 10n, -2n]))).toBe(-2n)
  expect(maxOf([7n])).toBe(7n)
})

test('refuse an empty list rather than invent a value', () => {
  expect(() => maxOf([])).toThrow('no values to compare')
  expect(() => minOf([])).toThrow('no values to compare')
})
