import { html, type SafeHtml } from './SafeHtml.js'

/**
 * A line chart drawn on the server as SVG: one line per series over the same
 * x positions (runs, oldest on the left), the y axis from 0, a tooltip on
 * every point and a legend. No script, no inline style: colours come from the
 * stylesheet by class name.
 */

export interface ChartSeries {
  label: string
  /** Class of the line and its points, e.g. `series-SEV1`. */
  className: string
  /** One value per x position; null where there is none (the line breaks there). */
  values: readonly (number | null)[]
}

export interface LineChartInput {
  title: string
  /** What each x position is (a run), for tooltips. */
  labels: readonly string[]
  series: readonly ChartSeries[]
  /** How values read on the axis and in tooltips. */
  formatY: (value: number) => string
  /** Top of the y axis. Default: the largest value, at least 1. */
  yMax?: number
}

const width = 720
const height = 200
const margin = { top: 12, right: 16, bottom: 20, left: 64 }

/** Rounded to 0.1 px: enough for a chart, and short markup. */
function px(value: number): string {
  return String(Math.round(value * 10) / 10)
}

/** The chart, or a note when there is nothing to draw. */
export function lineChart(input: LineChartInput): SafeHtml {
  const count = input.labels.length
  if (count === 0) return html`<p class="muted">No runs to chart.</p>`
  const values = input.series.flatMap((series) =>
    series.values.filter((value): value is number => value !== null),
  )
  const yMax = input.yMax ?? Math.max(1, ...values)
  const plotWidth = width - margin.left - margin.right
  const plotHeight = height - margin.top - margin.bottom
  const x = (index: number) =>
    margin.left + (count === 1 ? plotWidth / 2 : (index / (count - 1)) * plotWidth)
  const y = (value: number) => margin.top + plotHeight - (Math.min(value, yMax) / yMax) * plotHeight
  const ticks = [0, yMax / 2, yMax]
  const grid = ticks.map(
    (tick) =>
      html`<line class="grid-line" x1="${margin.left}" x2="${width - margin.right}" y1="${px(y(tick))}" y2="${px(y(tick))}"></line><text class="axis" x="${margin.left - 6}" y="${px(y(tick) + 4)}" text-anchor="end">${input.formatY(tick)}</text>`,
  )
  const lines = input.series.map((series) => {
    const segments: string[][] = [[]]
    series.values.forEach((value, index) => {
      if (value === null) segments.push([])
      else segments.at(-1)?.push(`${px(x(index))},${px(y(value))}`)
    })
    return html`<g class="series ${series.className}">${segments
      .filter((segment) => segment.length > 1)
      .map(
        (segment) => html`<polyline points="${segment.join(' ')}"></polyline>`,
      )}${series.values.map((value, index) =>
      value === null
        ? undefined
        : html`<circle cx="${px(x(index))}" cy="${px(y(value))}" r="3"><title>${input.labels[index] ?? ''}: ${series.label} ${input.formatY(value)}</title></circle>`,
    )}</g>`
  })
  return html`<figure class="chart"><figcaption>${input.title}</figcaption>
<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${input.title}">${grid}${lines}</svg>
<div class="legend">${input.series.map((series) => html`<span class="key ${series.className}">${series.label}</span>`)}</div>
</figure>`
}
