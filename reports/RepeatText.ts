import type { TestResult } from '../core/index.js'
import { formatDuration } from './Text.js'

/**
 * The tests of a `--repeat` run as text: each test's pass rate and the spread
 * of its durations, the unstable first. Only 100 % is stable.
 */
export function renderRepeatTable(tests: readonly TestResult[]): string {
  const repeated = tests.flatMap((test) => (test.repeat ? [{ test, repeat: test.repeat }] : []))
  if (repeated.length === 0) return ''
  const rows = repeated
    .map(({ test, repeat }) => ({
      id: test.id,
      stable: repeat.stable,
      rate: repeat.passRate,
      verdict: repeat.stable
        ? 'stable'
        : repeat.passed > 0
          ? 'FLAKY'
          : repeat.failed > 0
            ? 'FAILS'
            : 'skipped',
      passes: `${repeat.passed}/${repeat.passed + repeat.failed}`,
      rateText:
        repeat.passRate === undefined ? '–' : `${Math.round(repeat.passRate * 1000) / 10} %`,
      spread: `${formatDuration(repeat.durationMs.min)} / ${formatDuration(repeat.durationMs.median)} / ${formatDuration(repeat.durationMs.max)}`,
    }))
    .sort(
      (a, b) =>
        Number(a.stable) - Number(b.stable) ||
        (a.rate ?? 1) - (b.rate ?? 1) ||
        (a.id < b.id ? -1 : 1),
    )
  const unstable = rows.filter((row) => !row.stable).length
  const runs = repeated[0]?.repeat.runs ?? 0
  const width = (pick: (row: (typeof rows)[number]) => string, title: string) =>
    Math.max(title.length, ...rows.map((row) => pick(row).length))
  const w = [
    width((row) => row.verdict, ''),
    width((row) => row.rateText, 'pass rate'),
    width((row) => row.passes, 'passed'),
    width((row) => row.spread, 'min / median / max'),
  ]
  const line = (cells: string[], id: string) =>
    `  ${cells.map((cell, at) => cell.padEnd(w[at] ?? 0)).join('  ')}  ${id}`
  return [
    `repeat: each test ran ${runs} times; ${unstable === 0 ? 'every test is stable (passed every time)' : `${unstable} of ${rows.length} test(s) not stable`}`,
    line(['', 'pass rate', 'passed', 'min / median / max'], 'test'),
    ...rows.map((row) => line([row.verdict, row.rateText, row.passes, row.spread], row.id)),
  ].join('\n')
}
