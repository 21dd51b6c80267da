import type { Verdict } from '../../../core/index.js'
import { collectFindings } from '../../Findings.js'
import type { Signoff, StoredRun } from '../../history/Records.js'
import { recommendations } from '../../Recommendations.js'
import { describeCounts } from '../../Tallies.js'
import { findingsBySeverity, healthTable, runLine, time, verdictBanner } from './Components.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/**
 * The verdict page: the readiness report of one run for one gate, laid out
 * for printing, with its sign-off, and a form that records one when the gate
 * promotes the run (the token is pasted, sent once, and never kept).
 */

export interface VerdictPageInput {
  stored: StoredRun
  verdict: Verdict
  /** The sign-offs of this gate of this run. */
  signoffs: readonly Signoff[]
  /** The gate's description from the gates file, where the dashboard has one. */
  description?: string | undefined
}

function signoffSection(input: VerdictPageInput): SafeHtml {
  const { stored, verdict, signoffs } = input
  const recorded = signoffs.map(
    (signoff) =>
      html`<div class="signoff"><span class="state good">Signed off</span> by <b>${signoff.by}</b> on ${time(signoff.at)}${
        signoff.digest !== stored.meta.digest &&
        html` <span class="state bad">for other results (${signoff.digest})</span>`
      }${signoff.notes !== undefined && html`<blockquote>${signoff.notes}</blockquote>`}</div>`,
  )
  if (verdict.decision !== 'promote') {
    return html`<section class="panel signoff-panel"><h2>Sign-off</h2>${recorded}<p><span class="state bad">Cannot be signed off</span> ${verdict.gate} does not promote this run (${verdict.decision}).</p></section>`
  }
  if (signoffs.length > 0)
    return html`<section class="panel signoff-panel"><h2>Sign-off</h2>${recorded}</section>`
  return html`<section class="panel signoff-panel"><h2>Sign-off</h2>
<p><span class="state warn">Not signed off</span> <span class="muted">Platforms makes the final determination; the sign-off records who, when and the results digest.</span></p>
<form id="signoff-form" class="signoff-form" data-run="${stored.results.run.id}" data-gate="${verdict.gate}">
<label>Signed off by <input name="by" required maxlength="200" autocomplete="name"></label>
<label>Notes <textarea name="notes" rows="2" maxlength="4000"></textarea></label>
<label>Token with the signoff scope <input name="token" type="password" required autocomplete="off"></label>
<button type="submit">Sign off ${verdict.gate}</button>
<p class="form-result" role="status" aria-live="polite"></p>
</form>
<noscript><p class="muted">Signing off here needs JavaScript; <code>signalbox signoff ${stored.results.run.id} --gate ${verdict.gate} --by &lt;name&gt;</code> does the same.</p></noscript>
</section>`
}

/** The verdict page of `verdict`'s gate. */
export function verdictPage(input: VerdictPageInput): SafeHtml {
  const { stored, verdict, description } = input
  const { results, meta } = stored
  const forGate = { ...results, verdicts: [verdict] }
  const entries = collectFindings(forGate)
  const findingsById = new Map(entries.map((entry) => [entry.finding.id, entry]))
  const recommended = recommendations(forGate)
  return layout({
    title: `${verdict.gate} · ${results.run.id}`,
    page: 'verdict',
    body: html`<header><div class="brand">Release Readiness Report</div>
<h1>${verdict.gate} · <a href="${links.run(results.run.id)}">${results.run.id}</a></h1>
${runLine(results, meta.release)}
<p class="meta">Results digest <code>${meta.digest}</code> · tests: ${describeCounts(results.tests)}</p>
${description !== undefined && html`<p class="gate-description">${description}</p>`}
<p class="actions no-print"><a href="${links.readinessMarkdown(results.run.id, verdict.gate)}">readiness.md</a> · <a href="${links.compare({ head: results.run.id, gate: verdict.gate })}">compare with the previous ${verdict.gate} run</a></p>
</header>
${!results.run.complete && html`<div class="alert"><b>The run did not complete</b>${results.run.error !== undefined && html`: ${results.run.error}`}.</div>`}
<section class="verdicts single">${verdictBanner(results.run.id, verdict, findingsById)}</section>
${signoffSection(input)}
<section class="panel"><h2>Recommendations</h2>${
      recommended.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<ol class="recs">${recommended.map((item) => html`<li>${item.text}</li>`)}</ol>`
    }</section>
<section class="panel"><h2>Findings <span class="muted">${entries.length}</span></h2>${findingsBySeverity(entries)}</section>
<section class="panel"><h2>Health checks</h2>${healthTable(results.health)}</section>`,
  })
}
