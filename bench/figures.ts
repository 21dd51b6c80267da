import { appendFileSync } from 'node:fs'

/**
 * One measured figure of a benchmark, beside its target: what `npm run bench`
 * collects from every script in bench/ into one table and bench/results.json.
 */
export interface Figure {
  /** What was measured, e.g. `embedded devnet start→ready`. */
  name: string
  value: number
  unit: 'ms' | 's' | '×' | 'MB'
  /** The target, as a bound the value must stay under (or at, for ratios). */
  target?: { max: number; inclusive?: boolean }
  /** How the value was reached, e.g. `median of 9`. */
  method: string
}

/** Environment variable naming the file (JSON lines) a benchmark appends its figures to. */
export const figuresFileEnv = 'SIGNALBOX_BENCH_FIGURES'

/** Whether a figure meets its target; undefined when it has none. */
export function metTarget(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined
  return figure.target.inclusive
    ? figure.value <= figure.target.max
    : figure.value < figure.target.max
}

/**
 * Hands the figures to `npm run bench` when it runs this script (appended to
 * the file `$SIGNALBOX_BENCH_FIGURES` names, one JSON line each); a script run
 * alone prints its own output and this does nothing.
 */
export function reportFigures(bench: string, figures: readonly Figure[]): void {
  const file = process.env[figuresFileEnv]
  if (!file) return
  for (const figure of figures) appendFileSync(file, `${JSON.stringify({ bench, ...figure })}\n`)
}
