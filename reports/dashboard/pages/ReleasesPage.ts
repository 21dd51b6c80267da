import type { ReleaseStanding, ReleaseTrain, TrainStep } from '../model/ReleaseTrain.js'
import { decisionBadge, severityBadge, severityCounts, time } from './Components.js'
import { layout } from './Layout.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/** The release train: each release's standing on alphanet → betanet → testnet, what blocks its next step, and mitigations that expire soon. */

function stepCell(step: TrainStep): SafeHtml {
  if (step.runId === undefined || step.decision === undefined) {
    return html`<td class="step step-not-run"><span class="muted">not run</span></td>`
  }
  return html`<td class="step step-${step.status}"><a href="${links.verdict(step.runId, step.gate)}">${decisionBadge(step.decision)}</a>${
    step.signoff !== undefined
      ? html` <span class="state good">signed off</span><div class="muted">by ${step.signoff.by}</div>`
      : step.decision === 'promote' && html` <span class="state warn">not signed off</span>`
  }${step.counts !== undefined && html`<div>${severityCounts(step.counts)}</div>`}${step.startedAt !== undefined && html`<div class="muted">${time(step.startedAt)}</div>`}</td>`
}

function blockersCell(standing: ReleaseStanding): SafeHtml {
  if (standing.nextStep === undefined)
    return html`<span class="state good">passed every gate</span>`
  const step = standing.steps.find((candidate) => candidate.gate === standing.nextStep)
  if (step?.runId === undefined) return html`<b>${standing.nextStep}</b>: not run yet`
  if (standing.blockers.length === 0) return html`<b>${standing.nextStep}</b>: no reason recorded`
  return html`<b>${standing.nextStep}</b><ul class="plain">${standing.blockers.map((reason) => html`<li>${reason.message} <span class="muted">${reason.rule}</span></li>`)}</ul>`
}

function expiring(standing: ReleaseStanding): SafeHtml {
  if (standing.expiringMitigations.length === 0) return html``
  return html`<tr class="expiring"><td></td><td colspan="99"><b>Mitigations expiring soon</b><ul class="plain">${standing.expiringMitigations.map(
    (item) =>
      html`<li>${severityBadge(item.severity)} ${item.title} <span class="muted">${item.gate} · owner ${item.mitigation.owner}</span> — <span class="state warn">${item.daysLeft === 0 ? 'expires today' : `${item.daysLeft} days left`} (${item.mitigation.expires})</span></li>`,
  )}</ul></td></tr>`
}

/** The release train page. */
export function releasesPage(train: ReleaseTrain): SafeHtml {
  return layout({
    title: 'Release train',
    body: html`<h1>Release train <span class="muted">${train.train.join(' → ')}</span></h1>
${
  train.releases.length === 0
    ? html`<p class="empty">No run names a release yet: runs get one from their readiness file, or <code>signalbox push --release</code>.</p>`
    : html`<table class="grid train"><thead><tr><th>Release</th>${train.train.map((gate) => html`<th>${gate}</th>`)}<th>Next step blocked by</th></tr></thead><tbody>${train.releases.map(
        (standing) =>
          html`<tr><td><a class="name" href="${links.runs({ release: standing.release })}">${standing.release}</a><div class="muted">${time(standing.lastRunAt)}</div></td>${standing.steps.map(stepCell)}<td>${blockersCell(standing)}</td></tr>${expiring(standing)}`,
      )}</tbody></table>`
}`,
  })
}
