import { severities } from '../../../core/index.js'
import { formatDuration } from '../../Text.js'
import type { Trend } from '../model/Trends.js'
import { decisionBadge, percent, time } from './Components.js'
import { type Choice, choicesOf, selectField } from './Forms.js'
import { layout } from './Layout.js'
import { lineChart } from './LineChart.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/** Trends of a gate, or of one feature on a gate: pass rate, open findings per severity and duration over the last runs. */

export interface TrendsPageInput {
  /** The trend shown; none when no run has been judged yet. */
  trend: Trend | undefined
  /** Gates and features to choose from. */
  gates: readonly string[]
  features: readonly string[]
  limit: number
}

function charts(trend: Trend): SafeHtml {
  const labels = trend.points.map((point) => `${point.runId} (${point.startedAt.slice(0, 10)})`)
  return html`${lineChart({
    title: 'Pass rate',
    labels,
    yMax: 1,
    formatY: percent,
    series: [
      {
        label: 'pass rate',
        className: 'series-pass',
        values: trend.points.map((point) => point.passRate),
      },
    ],
  })}
${lineChart({
  title: 'Open findings per severity',
  labels,
  formatY: (value) => String(Math.round(value * 10) / 10),
  series: severities.map((severity) => ({
    label: severity,
    className: `series-${severity}`,
    values: trend.points.map((point) => point.findings[severity]),
  })),
})}
${lineChart({
  title: trend.feature === undefined ? 'Run duration' : 'Time in the feature’s tests',
  labels,
  formatY: formatDuration,
  series: [
    {
      label: 'duration',
      className: 'series-duration',
      values: trend.points.map((point) => point.durationMs),
    },
  ],
})}`
}

function pointsTable(trend: Trend): SafeHtml {
  return html`<table class="grid"><thead><tr><th>Run</th><th>Started</th><th>Verdict</th><th class="num">Pass rate</th><th class="num">Tests</th>${severities.map((severity) => html`<th class="num">${severity}</th>`)}<th class="num">Duration</th></tr></thead><tbody>${[
    ...trend.points,
  ]
    .reverse()
    .map(
      (point) =>
        html`<tr><td><a href="${links.run(point.runId)}">${point.runId}</a></td><td>${time(point.startedAt)}</td><td>${decisionBadge(point.decision)}</td><td class="num">${point.passRate === null ? '—' : percent(point.passRate)}</td><td class="num">${point.tests}</td>${severities.map((severity) => html`<td class="num">${point.findings[severity]}</td>`)}<td class="num">${formatDuration(point.durationMs)}</td></tr>`,
    )}</tbody></table>`
}

/** The choices of how many runs a trend covers, the current one among them. */
function runCounts(current: number): Choice[] {
  return [...new Set([10, 30, 100, 200, current])]
    .sort((a, b) => a - b)
    .map((count): Choice => [String(count), String(count)])
}

/** The trends page. */
export function trendsPage(input: TrendsPageInput): SafeHtml {
  const { trend } = input
  const subject =
    trend === undefined
      ? 'Trends'
      : `${trend.gate}${trend.feature === undefined ? '' : ` · ${trend.feature}`}`
  return layout({
    title: subject,
    page: 'filters',
    body: html`<h1>Trends <span class="muted">${trend !== undefined && subject}</span></h1>
<form class="filters" method="get" action="/trends">
${selectField('gate', 'Gate', choicesOf(input.gates), trend?.gate)}
${selectField('feature', 'Feature', [['', 'whole gate'], ...choicesOf(input.features)], trend?.feature)}
${selectField('limit', 'Runs', runCounts(input.limit), String(input.limit))}
<button type="submit">Show</button>
</form>
${
  trend === undefined
    ? html`<p class="empty">No run has been judged yet.</p>`
    : trend.points.length === 0
      ? html`<p class="empty">No run of ${trend.gate} among the last ${input.limit}.</p>`
      : html`<p class="muted">${trend.points.length} runs of ${trend.gate}, oldest on the left.</p>
<div class="charts">${charts(trend)}</div>
<section class="panel"><h2>Runs</h2>${pointsTable(trend)}</section>`
}`,
  })
}
