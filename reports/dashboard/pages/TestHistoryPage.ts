import type { TestOutcome } from '../../history/Records.js'
import { formatDuration } from '../../Text.js'
import { outcomeStrip, statusBadge, time } from './Components.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html } from './SafeHtml.js'

/** One test's history: its last outcomes, newest first, each linking to its run. */
export function testHistoryPage(testId: string, outcomes: readonly TestOutcome[]) {
  return layout({
    title: testId,
    body: html`<div class="brand">Test history</div><h1 class="test-id">${testId}</h1>
<p>${outcomeStrip(outcomes)}</p>
${
  outcomes.length === 0
    ? html`<p class="empty">No stored run has this test.</p>`
    : html`<table class="grid"><thead><tr><th>Run</th><th>Started</th><th>Status</th><th class="num">Duration</th><th>Devnet</th><th>Gates</th><th>Commit</th></tr></thead><tbody>${outcomes.map(
        (outcome) =>
          html`<tr><td><a href="${links.run(outcome.runId)}">${outcome.runId}</a></td><td>${time(outcome.startedAt)}</td><td>${statusBadge(outcome.status)}</td><td class="num">${formatDuration(outcome.durationMs)}</td><td>${outcome.devnet}</td><td>${outcome.gates.join(', ')}</td><td>${outcome.gitCommit === undefined ? html`<span class="muted">—</span>` : html`<code>${outcome.gitCommit.slice(0, 10)}</code>`}</td></tr>`,
      )}</tbody></table>`
}`,
  })
}
