import { describe, expect, test } from 'vitest'
import { errorText, formatDuration, formatTimestamp, stripAnsi } from './Text.js'

describe('formatting', () => {
  test('durations read as people say them', () => {
    expect([0, 850, 4_240, 59_999, 187_000, 3_720_000].map(formatDuration)).toEqual([
      '0 ms',
      '850 ms',
      '4.2 s',
      '60.0 s',
      '3m 07s',
      '1h 02m',
    ])
    expect(formatDuration(Number.NaN)).toBe('—')
  })

  test('timestamps are shown in UTC; anything else as given', () => {
    expect(formatTimestamp('2026-11-20T15:02:11.500+01:00')).toBe('2026-11-20 14:02:11 UTC')
    expect(formatTimestamp('yesterday')).toBe('yesterday')
  })

  test('ANSI colour and OSC sequences are stripped', () => {
    expect(stripAnsi('\u001b[31mred\u001b[39m \u001b]8;;https://x\u0007link\u001b]8;;\u0007')).toBe(
      'red link',
    )
  })
})

describe('errorText', () => {
  test('keeps the whole message and drops a stack header that repeats it', () => {
    expect(
      errorText({
        message: 'expected 1\n\n- a\n+ b',
        stack: 'AssertionError: expected 1\n    at x.ts:1:1',
      }),
    ).toBe('expected 1\n\n- a\n+ b\n    at x.ts:1:1')
  })

  test('keeps a stack header that says something else', () => {
    expect(errorText({ message: 'boom', stack: 'Wrapped: other\n    at x.ts:1:1' })).toBe(
      'boom\nWrapped: other\n    at x.ts:1:1',
    )
  })

  test('a stack that contains the message is used as it is', () => {
    expect(errorText({ message: 'boom', stack: 'Error: boom\n    at x' })).toBe(
      'Error: boom\n    at x',
    )
    expect(errorText({ message: 'only' })).toBe('only')
    expect(errorText(undefined)).toBe('')
  })
})
