import { describe, expect, test } from 'vitest'
import { formatDurationOption, UsageError } from '../../core/index.js'
import { durationOption } from './Duration.js'

describe('durationOption', () => {
  test('reads seconds, minutes, hours and their sums', () => {
    expect(durationOption('30s', '--every')).toBe(30_000)
    expect(durationOption('10m', '--every')).toBe(600_000)
    expect(durationOption('1h', '--every')).toBe(3_600_000)
    expect(durationOption('1h30m', '--every')).toBe(5_400_000)
  })

  test('is undefined when the option is absent', () => {
    expect(durationOption(undefined, '--every')).toBeUndefined()
  })

  test.each([
    '',
    '10',
    'm',
    '10 m',
    '1.5h',
    '-1m',
    '10min',
    '0s',
    '0h0m',
    '10M',
    '99999999999999999h',
  ])('refuses "%s", naming the option', (value) => {
    expect(() => durationOption(value, '--every')).toThrow(UsageError)
    expect(() => durationOption(value, '--every')).toThrow(/^--every takes a duration/)
  })

  test('says what it takes', () => {
    expect(() => durationOption('soon', '--every')).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: --every takes a duration such as 30s, 10m or 1h, got "soon"]`,
    )
  })
})

describe('formatDurationOption', () => {
  test('reads as durationOption writes it, to the tenth of a second', () => {
    expect([5_000, 90_000, 1_800_000, 5_400_000, 2_540, 0].map(formatDurationOption)).toEqual([
      '5s',
      '1m30s',
      '30m',
      '1h30m',
      '2.5s',
      '0s',
    ])
  })
})
