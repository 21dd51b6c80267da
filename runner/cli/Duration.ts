import { UsageError } from '../../core/index.js'

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000 } as const

/** One or more `<whole number><unit>` parts: `30s`, `10m`, `1h`, `1h30m`. */
const durationPattern = /^(?:\d+[smh])+$/

/**
 * A duration from an option (`--every 10m`) in milliseconds, or undefined
 * when absent: whole numbers of seconds (`s`), minutes (`m`) and hours (`h`),
 * e.g. `30s`, `10m`, `1h`, `1h30m`. Zero or anything else is a UsageError
 * naming the option (exit 2).
 */
export function durationOption(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  const refuse = () =>
    new UsageError(`${option} takes a duration such as 30s, 10m or 1h, got "${value}"`, {
      hint: 'Use whole numbers with s (seconds), m (minutes) or h (hours); parts add up: 1h30m.',
    })
  if (!durationPattern.test(value)) throw refuse()
  let ms = 0
  for (const [, amount, unit] of value.matchAll(/(\d+)([smh])/g)) {
    ms += Number(amount) * unitMs[unit as keyof typeof unitMs]
  }
  if (ms <= 0 || !Number.isSafeInteger(ms)) throw refuse()
  return ms
}
