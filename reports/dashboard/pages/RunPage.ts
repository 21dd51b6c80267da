import { Severity, TestStatus } from '../../../core/index.js'
import { collectFindings } from '../../Findings.js'
import type { HtmlTestRow } from '../../Html.js'
import type { Signoff, StoredRun, StripOutcome } from '../../history/Records.js'
import { statusLabel } from '../../Labels.js'
import type { TestPage } from '../model/TestRows.js'
import type { TestFilter } from '../RequestSchemas.js'
import {
  findingsBySeverity,
  healthTable,
  outcomeStrip,
  runLine,
  severityBadge,
  statusBadge,
  time,
  verdictBanner,
} from './Components.js'
import { type Choice, choicesOf, selectField } from './Forms.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/**
 * A run's page: verdict banners with reasons, sign-offs, findings by
 * severity, the tests (filterable by status, feature, severity and owner;
 * each with its error, stack and history strip) and the devnet's health.
 */

export interface RunPageInput {
  stored: StoredRun
  signoffs: readonly Signoff[]
  /** The page of tests that pass `filter` to list, in the report's order. */
  tests: TestPage
  filter: TestFilter
  /** The last outcomes of the listed tests that have them, newest first. */
  histories: ReadonlyMap<string, readonly StripOutcome[]>
}

const statusChoices: readonly Choice[] = [
  ['', 'any'],
  ['failing', 'failing (any)'],
  ...TestStatus.options.map((status): Choice => [status, statusLabel[status]]),
  ['flaky', 'flaky'],
  ['quarantined', 'quarantined'],
]

const severityChoices: readonly Choice[] = [
  ['', 'any'],
  ...Severity.options.map((severity): Choice => [severity, severity]),
  ['none', 'none'],
]

function testFilters(stored: StoredRun, filter: TestFilter): SafeHtml {
  const { tests } = stored.results
  const owners = tests.flatMap((test) => (test.owner === undefined ? [] : [test.owner]))
  return html`<form class="filters" method="get" action="${links.run(stored.results.run.id)}#tests">
${selectField('status', 'Status', statusChoices, filter.status)}
${selectField('feature', 'Feature', [['', 'any'], ...choicesOf(tests.map((test) => test.feature))], filter.feature)}
${selectField('severity', 'Severity', severityChoices, filter.severity)}
${selectField('owner', 'Owner', [['', 'any'], ...choicesOf(owners)], filter.owner)}
<button type="submit">Filter</button> <a href="${links.run(stored.results.run.id)}#tests">Reset</a>
</form>`
}

function testRow(
  row: HtmlTestRow,
  runId: string,
  history: readonly StripOutcome[] | undefined,
): SafeHtml {
  const details =
    row.error !== undefined || row.skipReason !== undefined || row.annotations.length > 0
  const head = html`<div class="test-head">${statusBadge(row.status)} ${severityBadge(row.severity === '' ? undefined : row.severity)}
<span class="test-name"><a class="name" href="${links.testHistory(row.id)}">${row.name}</a>${row.flaky && html`<span class="tag">flaky</span>`}${row.quarantined && html`<span class="tag">quarantined</span>`}${row.attempts > 1 && html`<span class="tag">${row.attempts} attempts</span>`}<span class="id">${row.id}</span></span>
<span class="feature">${row.feature}</span>
<span class="owner">${row.owner === '' ? html`<span class="muted">—</span>` : html`<a href="${links.team(row.owner)}">${row.owner}</a>`}</span>
<span class="num">${row.duration}</span>
<span class="history">${history === undefined ? html`<a href="${links.testHistory(row.id)}">history</a>` : outcomeStrip(history, runId)}</span></div>`
  if (!details) return html`<li class="test">${head}</li>`
  return html`<li class="test"><details${row.error !== undefined && row.status !== 'passed' && html` open`}><summary>${head}</summary>
${row.summary !== undefined && html`<p class="error-line">${row.summary}</p>`}
${row.error !== undefined && html`<pre class="stack">${row.error}</pre>`}
${row.skipReason !== undefined && html`<p class="muted">Skipped: ${row.skipReason}</p>`}
${row.annotations.length > 0 && html`<ul class="annotations">${row.annotations.map(([type, message]) => html`<li><b>${type}</b> ${message}</li>`)}</ul>`}
</details></li>`
}

/** "Tests 51–100 of 420", with links to the pages before and after, keeping the filters. */
function testPager(runId: string, filter: TestFilter, tests: TestPage): SafeHtml | false {
  if (tests.pageCount === 1) return false
  const pageLink = (page: number, label: string) =>
    html`<a href="${links.run(runId, { ...filter, page })}#tests">${label}</a>`
  return html`<p class="pager">Tests ${tests.offset + 1}–${tests.offset + tests.rows.length} of ${tests.matched}${
    tests.page > 1 && html` · ${pageLink(tests.page - 1, '← previous')}`
  }${tests.page < tests.pageCount && html` · ${pageLink(tests.page + 1, 'next →')}`}</p>`
}

/** The run detail page. */
export function runPage(input: RunPageInput): SafeHtml {
  const { stored, signoffs, tests, filter, histories } = input
  const { results, meta } = stored
  const { run } = results
  const entries = collectFindings(results)
  const findingsById = new Map(entries.map((entry) => [entry.finding.id, entry]))
  return layout({
    title: `Run ${run.id}`,
    page: 'filters',
    body: html`<header><div class="brand">Run</div><h1>${run.id}</h1>
${runLine(results, meta.release)}
<p class="meta">${meta.branch !== undefined && html`branch <b>${meta.branch}</b> · `}saved ${time(meta.savedAt)} (${meta.source}) · digest <code>${meta.digest}</code></p>
<p class="actions"><a href="${links.compare({ head: run.id })}">Compare with the previous run</a>${run.gates.map((gate) => html` · <a href="${links.trends({ gate })}">${gate} trends</a>`)}</p>
</header>
${(results.warnings ?? []).length > 0 && html`<div class="alert warnings"><b>${results.warnings?.length === 1 ? 'Warning' : `${results.warnings?.length} warnings`}</b>: entries that count for nothing; fix or remove them<ul>${results.warnings?.map((warning) => html`<li>${warning.message}</li>`)}</ul></div>`}
${!run.complete && html`<div class="alert"><b>The run did not complete</b>${run.error !== undefined && html`: ${run.error}`}. Results are partial; no gate can promote on them.</div>`}
<section class="verdicts">${
      results.verdicts.length === 0
        ? html`<div class="alert">No gate was evaluated: this run has no verdict.</div>`
        : results.verdicts.map((verdict) => verdictBanner(run.id, verdict, findingsById))
    }</section>
${signoffs.length > 0 && html`<section class="panel"><h2>Sign-offs</h2><ul>${signoffs.map((signoff) => html`<li><b>${signoff.gate}</b> signed off by <b>${signoff.by}</b> on ${time(signoff.at)}${signoff.notes !== undefined && html` — ${signoff.notes}`}</li>`)}</ul></section>`}
<section class="panel"><h2>Findings <span class="muted">${entries.length}</span></h2>${findingsBySeverity(entries)}</section>
<section class="panel" id="tests"><h2>Tests <span class="muted">${tests.matched} of ${results.tests.length}</span></h2>
${testFilters(stored, filter)}
${
  tests.rows.length === 0
    ? html`<p class="empty">No test matches these filters.</p>`
    : html`<ul class="tests">${tests.rows.map((row) => testRow(row, run.id, histories.get(row.id)))}</ul>`
}
${testPager(run.id, filter, tests)}
</section>
<section class="panel"><h2>Devnet <span class="muted">${run.devnet.name} · ${run.devnet.backend}</span></h2>
${run.devnet.chains.length > 0 && html`<table class="grid"><thead><tr><th>Chain</th><th>Role</th><th class="num">Chain id</th><th>Client</th></tr></thead><tbody>${run.devnet.chains.map((chain) => html`<tr><td>${chain.name}</td><td>${chain.role}</td><td class="num">${chain.chainId}</td><td>${chain.clientVersion ?? html`<span class="muted">unknown</span>`}</td></tr>`)}</tbody></table>`}
<h3>Health checks</h3>
${healthTable(results.health)}
</section>`,
  })
}
