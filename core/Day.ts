import { z } from 'zod'

/**
 * A calendar day, `YYYY-MM-DD`: how mitigations expire and quarantines end.
 * Days are compared as strings (zero-padded, they sort as they fall), and a
 * `Date` is read in UTC, so a run decides the same wherever it runs.
 */

const dayShape = /^\d{4}-\d{2}-\d{2}$/

/** Whether `text` is a real calendar day: `2025-02-30` has the shape but is no day. */
export function isCalendarDay(text: string): boolean {
  if (!dayShape.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)
}

/** A calendar day as people write dates in YAML. */
export const Day = z.string().refine(isCalendarDay, { error: 'expected a date as YYYY-MM-DD' })
export type Day = z.infer<typeof Day>

/**
 * The calendar day of `now`, `YYYY-MM-DD`.
 *
 * @throws {TypeError} when a string is not a `YYYY-MM-DD` day: the caller's bug.
 */
export function toDay(now: string | Date): Day {
  if (now instanceof Date) return now.toISOString().slice(0, 10)
  if (!dayShape.test(now)) throw new TypeError(`expected a YYYY-MM-DD day, got "${now}"`)
  return now
}
