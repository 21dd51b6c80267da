import type { StripOutcome } from '../../history/Records.js'
import type { TeamView } from '../model/TeamView.js'
import { outcomeStrip, severityBadge, statusBadge, time } from './Components.js'
import { flakyTable } from './FlakyPage.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html } from './SafeHtml.js'

/** One owner's failing and flaky tests across recent runs. */

export interface TeamPageInput {
  view: TeamView
  histories: ReadonlyMap<string, readonly StripOutcome[]>
}

/** The team page. */
export function teamPage({ view, histories }: TeamPageInput) {
  return layout({
    title: view.owner,
    body: html`<h1>${view.owner} <span class="muted">over the last ${view.runsConsidered} runs</span></h1>
<section class="panel"><h2>Failing tests <span class="muted">${view.failing.length}</span></h2>${
      view.failing.length === 0
        ? html`<p class="muted">No failures.</p>`
        : html`<table class="grid"><thead><tr><th>Test</th><th>Now</th><th>Severity</th><th class="num">Failed</th><th>Since</th><th>Last failure</th><th>History</th></tr></thead><tbody>${view.failing.map(
            (test) => {
              const history = histories.get(test.testId)
              return html`<tr class="${test.failingNow ? 'bad-row' : ''}"><td><a class="name" href="${links.testHistory(test.testId)}">${test.name}</a><div class="id">${test.testId}</div></td>
<td>${statusBadge(test.lastStatus)}</td>
<td>${severityBadge(test.lastFailure.severity)}</td>
<td class="num">${test.failures} of ${test.runs}</td>
<td>${test.failingSince === undefined ? html`<span class="muted">—</span>` : time(test.failingSince)}</td>
<td><a href="${links.run(test.lastFailure.runId)}">${time(test.lastFailure.startedAt)}</a>${test.lastFailure.error !== undefined && html`<div class="error-line">${test.lastFailure.error}</div>`}</td>
<td>${history === undefined ? html`<a href="${links.testHistory(test.testId)}">history</a>` : outcomeStrip(history)}</td></tr>`
            },
          )}</tbody></table>`
    }</section>
<section class="panel"><h2>Passed only on a retry <span class="muted">${view.retried.length}</span></h2>${
      view.retried.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<ul class="plain">${view.retried.map((test) => html`<li><a href="${links.testHistory(test.testId)}">${test.name}</a> <span class="muted">${test.feature} · ${test.retriedPasses} runs</span></li>`)}</ul>`
    }</section>
<section class="panel"><h2>Flaky tests <span class="muted">${view.flaky.length}</span></h2>${flakyTable(view.flaky, histories)}</section>`,
  })
}
