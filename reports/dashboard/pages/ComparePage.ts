import { formatDuration } from '../../Text.js'
import type { ComparedRun, ComparedTest, Comparison } from '../model/Comparison.js'
import { statusBadge, testName, time } from './Components.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/** Two runs compared: new failures, fixed, still failing, new and removed tests, duration changes. */

export interface ComparePageInput {
  comparison: Comparison
  /** The gate whose previous run was taken as the base, where it was chosen that way. */
  gate?: string | undefined
}

function runCell(label: string, run: ComparedRun): SafeHtml {
  return html`<div class="side"><div class="muted">${label}</div><a class="name" href="${links.run(run.id)}">${run.id}</a><div class="muted">${time(run.startedAt)} · ${run.tests} tests${run.gitCommit !== undefined && html` · <code>${run.gitCommit.slice(0, 10)}</code>`}</div></div>`
}

/** Lists longer than this start folded. */
const foldedAbove = 25

function testList(title: string, className: string, tests: readonly ComparedTest[]): SafeHtml {
  const table =
    tests.length === 0
      ? html`<p class="muted">None.</p>`
      : html`<table class="grid"><thead><tr><th>Test</th><th>Feature</th><th>Owner</th><th>Base</th><th>Head</th></tr></thead><tbody>${tests.map(
          (test) =>
            html`<tr><td>${testName(test)}${test.error !== undefined && html`<div class="error-line">${test.error}</div>`}</td><td>${test.feature}</td><td>${test.owner === undefined ? html`<span class="muted">—</span>` : html`<a href="${links.team(test.owner)}">${test.owner}</a>`}</td><td>${test.baseStatus === undefined ? html`<span class="muted">—</span>` : statusBadge(test.baseStatus)}</td><td>${test.headStatus === undefined ? html`<span class="muted">—</span>` : statusBadge(test.headStatus)}</td></tr>`,
        )}</tbody></table>`
  return html`<section class="panel ${className}"><details class="section"${tests.length <= foldedAbove && html` open`}><summary><h2>${title} <span class="muted">${tests.length}</span></h2></summary>${table}</details></section>`
}

/** The compare page. */
export function comparePage({ comparison, gate }: ComparePageInput): SafeHtml {
  const { base, head } = comparison
  return layout({
    title: `Compare ${base.id} → ${head.id}`,
    body: html`<h1>Compare</h1>
<div class="compare-runs">${runCell(gate === undefined ? 'base' : `previous ${gate} run`, base)}<div class="arrow">→</div>${runCell('head', head)}</div>
<p class="actions"><a href="${links.compare({ head: base.id, base: head.id })}">Swap</a></p>
${testList('New failures', 'new-failures', comparison.newFailures)}
${testList('Fixed', 'fixed', comparison.fixed)}
${testList('Still failing', 'still-failing', comparison.stillFailing)}
${testList('New tests', 'new-tests', comparison.newTests)}
${testList('Removed tests', 'removed-tests', comparison.removedTests)}
<section class="panel duration-changes"><h2>Duration changes <span class="muted">${comparison.durationChanges.length}</span></h2>${
      comparison.durationChanges.length === 0
        ? html`<p class="muted">None worth showing.</p>`
        : html`<table class="grid"><thead><tr><th>Test</th><th>Feature</th><th class="num">Base</th><th class="num">Head</th><th class="num">Change</th></tr></thead><tbody>${comparison.durationChanges.map(
            (change) =>
              html`<tr><td>${testName(change)}</td><td>${change.feature}</td><td class="num">${formatDuration(change.baseMs)}</td><td class="num">${formatDuration(change.headMs)}</td><td class="num ${change.deltaMs > 0 ? 'slower' : 'faster'}">${change.deltaMs > 0 ? '+' : '−'}${formatDuration(Math.abs(change.deltaMs))}</td></tr>`,
          )}</tbody></table>`
    }</section>`,
  })
}

/** The compare page when the head run has no earlier run on its gate. */
export function noBasePage(head: string, gate: string): SafeHtml {
  return layout({
    title: 'Compare',
    body: html`<h1>Compare</h1><p class="empty">Run <a href="${links.run(head)}">${head}</a> is the first run of ${gate}: there is nothing to compare it with. Pick another run with <code>?base=</code>.</p>`,
  })
}
