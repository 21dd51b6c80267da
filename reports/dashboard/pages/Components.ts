import {
  type Decision,
  type HealthCheck,
  type Results,
  type Severity,
  type SeverityCounts,
  severities,
  type TestResult,
  type TestStatus,
  type Verdict,
} from '../../../core/index.js'
import {
  type FindingEntry,
  findingOwner,
  mitigationState,
  reasonlessVerdictText,
} from '../../Findings.js'
import type { StripOutcome } from '../../history/Records.js'
import { statusLabel } from '../../Labels.js'
import { formatTimestamp } from '../../Text.js'
import { links } from './Links.js'
import { html, type SafeHtml } from './SafeHtml.js'

/** Pieces several pages show: badges, counts, a verdict with its reasons, findings, health checks, a test's history strip. */

const decisionText: Record<Decision, string> = {
  promote: 'promote',
  block: 'block',
  error: 'error',
}

/** A gate's decision as a badge. */
export function decisionBadge(decision: Decision): SafeHtml {
  return html`<span class="decision decision-${decision}">${decisionText[decision]}</span>`
}

/** A test's status as a badge. */
export function statusBadge(status: TestStatus): SafeHtml {
  return html`<span class="status status-${status}">${statusLabel[status]}</span>`
}

/** A severity as a badge; a dash for none. */
export function severityBadge(severity: Severity | undefined): SafeHtml {
  return severity === undefined
    ? html`<span class="muted">—</span>`
    : html`<span class="sev sev-${severity}">${severity}</span>`
}

/** `SEV0 0 SEV1 2 …`, zeros dimmed. */
export function severityCounts(counts: SeverityCounts): SafeHtml {
  return html`<span class="counts">${severities.map(
    (severity) =>
      html`<span class="count sev-${severity}${counts[severity] === 0 ? ' zero' : ''}">${severity} <b>${counts[severity]}</b></span>`,
  )}</span>`
}

/** A share as a rounded percentage: `0.5` → `50%`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}

/** A timestamp as every page shows it, with the ISO time as its machine-readable value. */
export function time(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${formatTimestamp(iso)}</time>`
}

/** Refs listed per reason before "… and N more". */
const maxRefs = 20

/** A gate's verdict: its decision, counts per severity, and every reason with what it refers to. */
export function verdictBanner(
  runId: string,
  verdict: Verdict,
  findings: ReadonlyMap<string, FindingEntry>,
): SafeHtml {
  const reasons =
    verdict.reasons.length === 0
      ? html`<p class="muted">${reasonlessVerdictText(verdict)}</p>`
      : html`<ol class="reasons">${verdict.reasons.map(
          (reason) =>
            html`<li><b>${reason.rule}</b> ${reason.message}${
              reason.refs.length > 0 &&
              html`<ul class="refs">${reason.refs.slice(0, maxRefs).map((ref) => {
                const entry = findings.get(ref)
                return entry === undefined
                  ? html`<li class="id">${ref}</li>`
                  : html`<li>${severityBadge(entry.finding.severity)} ${entry.finding.title} <span class="id">${ref}</span></li>`
              })}${reason.refs.length > maxRefs && html`<li class="muted">… and ${reason.refs.length - maxRefs} more</li>`}</ul>`
            }</li>`,
        )}</ol>`
  return html`<article class="verdict verdict-${verdict.decision}">
<div class="verdict-head"><a class="gate" href="${links.verdict(runId, verdict.gate)}">${verdict.gate}</a>${decisionBadge(verdict.decision)}</div>
${severityCounts(verdict.counts)}
${reasons}
</article>`
}

function mitigationCell(entry: FindingEntry): SafeHtml {
  const { mitigation } = entry.finding
  const state = mitigationState(entry.finding)
  if (state === 'none' || mitigation === undefined) {
    return entry.finding.severity === 'SEV2'
      ? html`<span class="state bad">none (required)</span>`
      : html`<span class="muted">none</span>`
  }
  const link =
    mitigation.link !== undefined && /^https?:\/\//.test(mitigation.link)
      ? html` · <a href="${mitigation.link}" rel="noreferrer noopener">plan</a>`
      : undefined
  return html`${
    state === 'expired'
      ? html`<span class="state bad">expired ${mitigation.expires}</span>`
      : html`<span class="state good">until ${mitigation.expires}</span>`
  } ${mitigation.plan} <span class="muted">owner ${mitigation.owner}</span>${link}`
}

/** Findings grouped by severity, most severe first, with owner, classification, mitigation and the gates they block. */
export function findingsBySeverity(entries: readonly FindingEntry[]): SafeHtml {
  if (entries.length === 0) return html`<p class="muted">No findings.</p>`
  return html`${severities.map((severity) => {
    const group = entries.filter((entry) => entry.finding.severity === severity)
    if (group.length === 0) return undefined
    return html`<h3>${severityBadge(severity)} <span class="muted">${group.length}</span></h3>
<table class="grid findings"><thead><tr><th>Finding</th><th>Owner</th><th>Classified by</th><th>Mitigation</th><th>Blocks</th></tr></thead><tbody>${group.map(
      (entry) => {
        const owner = findingOwner(entry)
        return html`<tr><td><div class="name">${entry.finding.title}</div><div class="id">${entry.finding.id}</div>${entry.finding.quarantined === true && html`<span class="tag">quarantined</span>`}</td><td>${owner === undefined ? html`<span class="muted">—</span>` : html`<a href="${links.team(owner)}">${owner}</a>`}</td><td>${entry.finding.classifiedBy}</td><td>${mitigationCell(entry)}</td><td>${entry.blocks.length === 0 ? html`<span class="muted">no</span>` : html`<b>${entry.blocks.join(', ')}</b>`}</td></tr>`
      },
    )}</tbody></table>`
  })}`
}

/** The run's health checks, failed ones first. */
export function healthTable(checks: readonly HealthCheck[]): SafeHtml {
  if (checks.length === 0) return html`<p class="state bad">No health checks were run.</p>`
  const ordered = [...checks].sort((a, b) => Number(a.ok) - Number(b.ok))
  return html`<table class="grid"><thead><tr><th>Result</th><th>Chain</th><th>Check</th><th>Detail</th></tr></thead><tbody>${ordered.map(
    (check) =>
      html`<tr class="${check.ok ? '' : 'bad-row'}"><td>${check.ok ? html`<span class="state good">ok</span>` : html`<span class="state bad">failed</span>`}</td><td>${check.chain}${check.node !== undefined && html` <span class="muted">${check.node}</span>`}</td><td>${check.check}</td><td>${check.detail}</td></tr>`,
  )}</tbody></table>`
}

/**
 * A test's last outcomes as a strip of squares, oldest on the left; each
 * links to its run, and the run being looked at is outlined.
 */
export function outcomeStrip(
  newestFirst: readonly StripOutcome[],
  currentRunId?: string,
): SafeHtml {
  if (newestFirst.length === 0) return html`<span class="muted">no history</span>`
  return html`<span class="strip" aria-label="last ${newestFirst.length} outcomes">${[
    ...newestFirst,
  ]
    .reverse()
    .map(
      (outcome) =>
        // The start as stored (ISO), cut to the minute: a strip has many cells, and parsing dates for each shows.
        html`<a class="cell status-${outcome.status}${outcome.runId === currentRunId ? ' current' : ''}" href="${links.run(outcome.runId)}" title="${statusLabel[outcome.status]} · ${outcome.startedAt.slice(0, 16).replace('T', ' ')} · ${outcome.runId}"></a>`,
    )}</span>`
}

/** Run, devnet, commit and release of a run, one line. */
export function runLine(results: Results, release?: string): SafeHtml {
  const { run } = results
  return html`<p class="meta">${time(run.startedAt)} · devnet <b>${run.devnet.name}</b> <span class="muted">(${run.devnet.backend})</span>${
    run.gitCommit !== undefined && html` · commit <code>${run.gitCommit.slice(0, 12)}</code>`
  }${release !== undefined && html` · release <b>${release}</b>`}</p>`
}

/** A test as lists show it: its name linking to its history, and its id. */
export function testName(test: Pick<TestResult, 'id' | 'name'>): SafeHtml {
  return html`<a class="name" href="${links.testHistory(test.id)}">${test.name}</a><div class="id">${test.id}</div>`
}
