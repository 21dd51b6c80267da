import { Decision, TestStatus } from '../../../core/index.js'
import type { RunSummary } from '../../history/Records.js'
import { statusLabel } from '../../Labels.js'
import { formatDuration } from '../../Text.js'
import type { RunsQuery } from '../RequestSchemas.js'
import { decisionBadge, severityCounts, time } from './Components.js'
import { choicesOf, selectField, textField } from './Forms.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/** The runs list: newest first, each with its verdicts per gate, devnet, release, commit, tests and duration; filters on top. */

export interface RunsPageInput {
  runs: readonly RunSummary[]
  query: RunsQuery
}

function filters(runs: readonly RunSummary[], query: RunsQuery): SafeHtml {
  const gates = new Set(runs.flatMap((run) => run.verdicts.map((verdict) => verdict.gate)))
  if (query.gate !== undefined) gates.add(query.gate)
  return html`<form class="filters" method="get" action="/">
${selectField('gate', 'Gate', [['', 'any'], ...choicesOf(gates)], query.gate)}
${selectField('decision', 'Verdict', [['', 'any'], ...choicesOf(Decision.options)], query.decision)}
${textField('devnet', 'Devnet', query.devnet)}
${textField('release', 'Release', query.release)}
${textField('branch', 'Branch', query.branch)}
<button type="submit">Filter</button> <a href="/">Reset</a>
</form>`
}

function testCounts(run: RunSummary): SafeHtml {
  return html`${TestStatus.options
    .filter((status) => run.tests[status] > 0)
    .map(
      (status) =>
        html`<span class="status status-${status}">${run.tests[status]} ${statusLabel[status]}</span> `,
    )}`
}

function runRow(run: RunSummary): SafeHtml {
  return html`<tr>
<td><a class="name" href="${links.run(run.id)}">${run.id}</a><div class="muted">${time(run.startedAt)}${!run.complete && html` <span class="state bad">incomplete</span>`}</div></td>
<td>${run.verdicts.map(
    (verdict) =>
      html`<div class="verdict-line"><a href="${links.verdict(run.id, verdict.gate)}">${verdict.gate}</a> ${decisionBadge(verdict.decision)} ${severityCounts(verdict.counts)}</div>`,
  )}</td>
<td>${run.devnet.name} <div class="muted">${run.devnet.backend}</div></td>
<td>${run.meta.release ?? html`<span class="muted">—</span>`}${run.meta.branch !== undefined && html`<div class="muted">${run.meta.branch}</div>`}</td>
<td>${run.gitCommit === undefined ? html`<span class="muted">—</span>` : html`<code>${run.gitCommit.slice(0, 10)}</code>`}</td>
<td>${testCounts(run)}</td>
<td class="num">${formatDuration(run.durationMs)}</td>
<td><a href="${links.compare({ head: run.id })}">compare</a></td>
</tr>`
}

/** The runs list page. */
export function runsPage({ runs, query }: RunsPageInput): SafeHtml {
  const last = runs.at(-1)
  const older =
    last !== undefined && runs.length >= query.limit
      ? html`<p><a href="${links.runs({ ...query, before: last.startedAt })}">Older runs →</a></p>`
      : undefined
  return layout({
    title: 'Runs',
    page: 'filters',
    body: html`<h1>Runs</h1>
${filters(runs, query)}
${
  runs.length === 0
    ? html`<p class="empty">No run matches. Runs appear here once <code>signalbox run</code> or <code>signalbox push</code> has saved them.</p>`
    : html`<table class="grid runs"><thead><tr><th>Run</th><th>Verdicts</th><th>Devnet</th><th>Release</th><th>Commit</th><th>Tests</th><th class="num">Duration</th><th></th></tr></thead><tbody>${runs.map(runRow)}</tbody></table>`
}
${older}`,
  })
}
