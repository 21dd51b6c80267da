import { describe, expect, test } from 'vitest'
import { Day, isCalendarDay, toDay } from './Day.js'

describe('Day', () => {
  test('a real calendar day, zero-padded', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true)
    expect(isCalendarDay('2024-02-29')).toBe(true)
    expect(isCalendarDay('2025-02-29')).toBe(false)
    expect(isCalendarDay('2026-2-28')).toBe(false)
    expect(Day.safeParse('2026-13-01').success).toBe(false)
  })

  test('a Date is read in UTC, so a run decides the same wherever it runs', () => {
    expect(toDay(new Date('2026-12-01T23:30:00-05:00'))).toBe('2026-12-02')
    expect(toDay('2026-12-01')).toBe('2026-12-01')
    expect(() => toDay('1 Dec')).toThrow(TypeError)
  })
})
