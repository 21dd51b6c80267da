import type { LiveRunSummary } from '../live/LiveRunState.js'
import { severityCounts, time } from './Components.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html } from './SafeHtml.js'

/**
 * Live runs: the list, and one run's page, which the page script fills from
 * the run's WebSocket (the events so far, then each new one) with text
 * nodes only: tests as they finish, progress, findings as they are classified.
 */

/** The list of live runs. */
export function liveRunsPage(runs: readonly LiveRunSummary[]) {
  return layout({
    title: 'Live runs',
    body: html`<h1>Live runs <span class="muted">${runs.length}</span></h1>
${
  runs.length === 0
    ? html`<p class="empty">No run is live. <code>signalbox run --dashboard &lt;url&gt;</code> streams a run here.</p>`
    : html`<table class="grid"><thead><tr><th>Run</th><th>Gates</th><th>Devnet</th><th class="num">Finished</th><th class="num">Failing</th><th>Findings</th><th>Last event</th></tr></thead><tbody>${runs.map(
        (run) =>
          html`<tr><td><a class="name" href="${links.live(run.runId)}">${run.runId}</a><div class="muted">${time(run.startedAt)}</div></td><td>${run.gates.join(', ')}</td><td>${run.devnet ?? run.backend}</td><td class="num">${run.finished}${run.selected !== undefined && html` / ${run.selected}`}</td><td class="num">${run.failed}</td><td>${severityCounts(run.findings)}</td><td>${time(run.updatedAt)}</td></tr>`,
      )}</tbody></table>`
}`,
  })
}

/** What the live page's script reads from the page. */
export interface LivePageData {
  runId: string
  /** The WebSocket path of the run. */
  socketPath: string
  /** Where the run is once stored. */
  runPath: string
}

/** The page of one live run. */
export function livePage(summary: LiveRunSummary) {
  const data: LivePageData = {
    runId: summary.runId,
    socketPath: `/api/live/${encodeURIComponent(summary.runId)}`,
    runPath: links.run(summary.runId),
  }
  return layout({
    title: `Live · ${summary.runId}`,
    page: 'live',
    data,
    body: html`<header><div class="brand">Live run</div><h1>${summary.runId}</h1>
<p class="meta">started ${time(summary.startedAt)} · gates ${summary.gates.join(', ')} · devnet <span id="live-devnet">${summary.devnet ?? summary.backend}</span></p>
<p id="live-state" class="live-state" role="status" aria-live="polite">Connecting…</p>
</header>
<section class="panel"><h2>Progress</h2>
<progress id="live-progress" max="1" value="0"></progress>
<p><span id="live-finished">0</span> finished of <span id="live-total">?</span> · <span id="live-failed">0</span> failing · <span id="live-running">0</span> running</p>
<div id="live-verdicts" class="verdicts"></div>
</section>
<section class="panel"><h2>Findings so far</h2><ul id="live-findings" class="live-list"></ul><p id="live-no-findings" class="muted">None yet.</p></section>
<section class="panel"><h2>Health checks</h2><ul id="live-health" class="live-list"></ul></section>
<section class="panel"><h2>Tests, newest first</h2><ul id="live-tests" class="live-list tests"></ul></section>
<noscript><p class="muted">The live view needs JavaScript; the run appears on the runs list once it finishes.</p></noscript>`,
  })
}
