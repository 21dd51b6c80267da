import type { StripOutcome } from '../../history/Records.js'
import type { FlakyGroup } from '../model/FlakyGroups.js'
import { outcomeStrip, percent, time } from './Components.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/** Flaky tests: those whose outcome changed on the same gate and devnet without a change of commit. */

/** The table of flaky tests, each with where it flipped and its last outcomes. */
export function flakyTable(
  groups: readonly FlakyGroup[],
  histories: ReadonlyMap<string, readonly StripOutcome[]>,
): SafeHtml {
  if (groups.length === 0) return html`<p class="muted">No flaky tests.</p>`
  return html`<table class="grid flaky"><thead><tr><th>Test</th><th>Owner</th><th class="num">Pass rate</th><th>Flipped on</th><th>Last seen</th><th>History</th></tr></thead><tbody>${groups.map(
    (group) => {
      const history = histories.get(group.testId)
      return html`<tr><td><a class="name" href="${links.testHistory(group.testId)}">${group.testId}</a><div class="muted">${group.feature}</div></td>
<td>${group.owner === undefined ? html`<span class="muted">—</span>` : html`<a href="${links.team(group.owner)}">${group.owner}</a>`}</td>
<td class="num">${percent(group.passRate)} <div class="muted">${group.passed} passed · ${group.failed} failed</div></td>
<td><ul class="plain">${group.occurrences.map((entry) => html`<li>${entry.gate} · ${entry.devnet} · <code>${entry.gitCommit.slice(0, 10)}</code> <span class="muted">${percent(entry.passRate)}</span></li>`)}</ul></td>
<td>${time(group.lastSeen)}</td>
<td>${history === undefined ? html`<a href="${links.testHistory(group.testId)}">history</a>` : outcomeStrip(history)}</td></tr>`
    },
  )}</tbody></table>`
}

export interface FlakyPageInput {
  groups: readonly FlakyGroup[]
  histories: ReadonlyMap<string, readonly StripOutcome[]>
}

/** The flaky tests page. */
export function flakyPage({ groups, histories }: FlakyPageInput): SafeHtml {
  return layout({
    title: 'Flaky tests',
    body: html`<h1>Flaky tests <span class="muted">${groups.length}</span></h1>
<p class="muted">Tests that both passed and failed on the same gate and devnet at the same commit.</p>
${flakyTable(groups, histories)}`,
  })
}
