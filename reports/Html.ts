import {
  type Decision,
  type Results,
  type Severity,
  severities,
  type TestResult,
  type TestStatus,
  type Verdict,
} from '../core/index.js'
import { isFindingStatus } from '../gates/Classification.js'
import type { ReadinessFile } from '../gates/Readiness.js'
import { type ChecklistRow, checklistRows } from './Checklist.js'
import {
  collectFindings,
  countFindings,
  type FindingEntry,
  findingOwner,
  mitigationState,
  reasonlessVerdictText,
  testSeverities,
} from './Findings.js'
import { htmlAssets } from './HtmlAssets.js'
import { severityLabel, severityName, severityRank, severityRule, statusLabel } from './Labels.js'
import { recommendations } from './Recommendations.js'
import type { ReportContext } from './ReportContext.js'
import { countStatuses, runDurationMs } from './Tallies.js'
import {
  cleanText,
  errorText,
  firstLine,
  formatDuration,
  formatTimestamp,
  truncate,
} from './Text.js'

/**
 * report.html: one self-contained file (inline CSS and JS, no requests) that
 * works opened from disk and as a CI artifact. The summary is static HTML built
 * here with escaping; the test table is built in the browser from a JSON block
 * with DOM APIs and `textContent`, once, and filtered by toggling `hidden`, so
 * that 10,000 tests stay fast and no data ever reaches an HTML parser. The
 * stylesheet and the page script live in reports/assets ({@link htmlAssets}).
 */

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c)
}

const scriptEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>`, `&`
 * and U+2028/2029 become `\uXXXX` escapes, so `</script>` or `<!--` in a test
 * name cannot end the block, and the text still parses to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => scriptEscapes[c] ?? c)
}

/** One row of the test table, as embedded in the page. */
export interface HtmlTestRow {
  id: string
  name: string
  file: string
  line?: number
  feature: string
  owner: string
  /** Classified severity where the test has a finding, else the declared one, else `''`. */
  severity: Severity | ''
  status: TestStatus
  /** How long the test took, as every report shows it (`4.2 s`). */
  duration: string
  attempts: number
  flaky: boolean
  quarantined: boolean
  skipReason?: string
  /** First line of the error, for the collapsed view. */
  summary?: string
  /** Message and stack. */
  error?: string
  annotations: [type: string, message: string][]
}

/** The data block of report.html. */
export interface HtmlData {
  schemaVersion: 1
  runId: string
  tests: HtmlTestRow[]
}

const statusRank: Record<TestStatus, number> = {
  failed: 0,
  timedOut: 0,
  errored: 0,
  skipped: 1,
  passed: 2,
}

/** The rows of the test table: failures first, most severe first, then by id. */
export function htmlTestRows(results: Results): HtmlTestRow[] {
  const severityOf = testSeverities(results)
  const rank = (test: TestResult): number => severityRank(severityOf.get(test.id))
  const ordered = [...results.tests].sort(
    (a, b) =>
      statusRank[a.status] - statusRank[b.status] ||
      (isFindingStatus(a.status) ? rank(a) - rank(b) : 0) ||
      a.id.localeCompare(b.id),
  )
  return ordered.map((test) => {
    const row: HtmlTestRow = {
      id: cleanText(test.id),
      name: cleanText(test.name),
      file: cleanText(test.file),
      feature: cleanText(test.feature),
      owner: cleanText(test.owner ?? ''),
      severity: severityOf.get(test.id) ?? '',
      status: test.status,
      duration: formatDuration(test.durationMs),
      attempts: test.attempts,
      flaky: test.flaky,
      quarantined: test.quarantined,
      annotations: test.annotations.map((a) => [cleanText(a.type), cleanText(a.message)]),
    }
    if (test.line !== undefined) row.line = test.line
    if (test.skipReason !== undefined) row.skipReason = cleanText(test.skipReason)
    if (test.error !== undefined) {
      row.summary = truncate(firstLine(cleanText(test.error.message)), 300)
      row.error = errorText(test.error)
    }
    return row
  })
}

const decisionText: Record<Decision, string> = {
  promote: 'Promote',
  block: 'Block',
  error: 'Error: could not decide',
}

/** Refs listed per reason before "… and N more". */
const maxRefs = 20

/** A ref of a reason as a list item: the finding, the test or the checklist item it names. */
function refHtml(
  ref: string,
  findings: ReadonlyMap<string, FindingEntry>,
  tests: ReadonlyMap<string, TestResult>,
  checklist: ReadonlyMap<string, ChecklistRow>,
): string {
  const entry = findings.get(ref)
  const test = tests.get(ref)
  if (entry !== undefined) {
    return `<li><span class="sev sev-${entry.finding.severity}">${entry.finding.severity}</span> ${escapeHtml(entry.finding.title)} <span class="muted">${escapeHtml(test === undefined ? entry.finding.id : `${statusLabel[test.status]} · ${test.id}`)}</span></li>`
  }
  if (test !== undefined) {
    return `<li>${escapeHtml(test.id)} <span class="muted">${statusLabel[test.status]}</span></li>`
  }
  const item = checklist.get(ref)
  if (item !== undefined) {
    return `<li>Checklist: ${item.missing ? 'missing from the readiness file' : escapeHtml(item.title)} <span class="muted">${escapeHtml(item.id)} · ${item.done ? 'done' : item.missing ? 'missing' : 'open'}</span></li>`
  }
  return `<li>${escapeHtml(ref)}</li>`
}

function verdictBanner(
  verdict: Verdict,
  findings: ReadonlyMap<string, FindingEntry>,
  tests: ReadonlyMap<string, TestResult>,
  checklist: ReadonlyMap<string, ChecklistRow>,
): string {
  const counts = severities
    .map(
      (severity) =>
        `<span class="count sev-${severity}${verdict.counts[severity] === 0 ? ' zero' : ''}">${severity} <b>${verdict.counts[severity]}</b></span>`,
    )
    .join('')
  const reasons =
    verdict.reasons.length === 0
      ? `<p class="muted">${reasonlessVerdictText(verdict)}</p>`
      : `<ol class="reasons">${verdict.reasons
          .map((reason) => {
            const refs = reason.refs
              .slice(0, maxRefs)
              .map((ref) => refHtml(ref, findings, tests, checklist))
            if (reason.refs.length > maxRefs)
              refs.push(`<li class="muted">… and ${reason.refs.length - maxRefs} more</li>`)
            return `<li><b>${escapeHtml(reason.rule)}</b> ${escapeHtml(reason.message)}${refs.length > 0 ? `<ul class="refs">${refs.join('')}</ul>` : ''}</li>`
          })
          .join('')}</ol>`
  return `<article class="verdict decision-${verdict.decision}">
<div class="verdict-head"><span class="gate">${escapeHtml(verdict.gate)}</span><span class="decision">${decisionText[verdict.decision]}</span></div>
<div class="counts">${counts}</div>
${reasons}
</article>`
}

function mitigationHtml(entry: FindingEntry): string {
  const { finding } = entry
  const mitigation = finding.mitigation
  const state = mitigationState(finding)
  if (state === 'none' || mitigation === undefined) {
    return finding.severity === 'SEV2'
      ? '<span class="state bad">none (required)</span>'
      : '<span class="muted">none</span>'
  }
  const linkHtml =
    mitigation.link !== undefined && /^https?:\/\//.test(mitigation.link)
      ? ` · <a href="${escapeHtml(mitigation.link)}" rel="noreferrer noopener">plan</a>`
      : ''
  const head =
    state === 'expired'
      ? `<span class="state bad">expired ${escapeHtml(mitigation.expires)}</span>`
      : `<span class="state good">until ${escapeHtml(mitigation.expires)}</span>`
  return `${head} ${escapeHtml(mitigation.plan)} <span class="muted">owner ${escapeHtml(mitigation.owner)}</span>${linkHtml}`
}

const maxFindingRows = 200

function findingsSection(entries: readonly FindingEntry[]): string {
  if (entries.length === 0) {
    return '<section><h2>Findings</h2><p class="muted">No findings.</p></section>'
  }
  // Test findings repeat rows of the test table; past a few hundred they only
  // slow the page down, so the rest are left to the table's severity filter.
  const shown = entries.filter((entry, index) => entry.test === undefined || index < maxFindingRows)
  const rows = shown
    .map((entry) => {
      const { finding, test } = entry
      return `<tr><td><span class="sev sev-${finding.severity}">${finding.severity}</span></td><td><div class="name">${escapeHtml(finding.title)}</div><div class="id">${escapeHtml(finding.id)}</div></td><td>${escapeHtml(test === undefined ? finding.source : `test · ${statusLabel[test.status]}`)}</td><td>${escapeHtml(findingOwner(entry) ?? '—')}</td><td>${escapeHtml(finding.classifiedBy)}</td><td>${mitigationHtml(entry)}</td><td>${entry.blocks.length === 0 ? '<span class="muted">no</span>' : `<b>${escapeHtml(entry.blocks.join(', '))}</b>`}</td></tr>`
    })
    .join('\n')
  // Many findings (one per failed test) would bury the rest of the page.
  const open = entries.length <= 50 ? ' open' : ''
  return `<section><details class="section"${open}><summary><h2>Findings <span class="muted">(${entries.length})</span></h2></summary>
<div class="scroll"><table class="grid"><thead><tr><th class="w-sev">Severity</th><th>Finding</th><th class="w-src">Source</th><th class="w-owner">Owner</th><th>Classified by</th><th>Mitigation</th><th class="w-blocks">Blocks</th></tr></thead><tbody>
${rows}
</tbody></table></div>${shown.length < entries.length ? `<p class="muted">${entries.length - shown.length} more test findings are not listed here: filter the tests below by severity.</p>` : ''}</details></section>`
}

function healthSection(results: Results): string {
  const passed = results.health.filter((check) => check.ok).length
  const rows = [...results.health]
    .sort((a, b) => Number(a.ok) - Number(b.ok))
    .map(
      (check) =>
        `<tr class="${check.ok ? '' : 'bad-row'}"><td>${check.ok ? '<span class="state good">ok</span>' : '<span class="state bad">failed</span>'}</td><td>${escapeHtml(check.chain)}${check.node === undefined ? '' : ` <span class="muted">${escapeHtml(check.node)}</span>`}</td><td>${escapeHtml(check.check)}</td><td>${escapeHtml(check.detail)}</td></tr>`,
    )
    .join('')
  const chains = results.run.devnet.chains
    .map(
      (chain) =>
        `<tr><td>${escapeHtml(chain.name)}</td><td>${chain.role.toUpperCase()}</td><td class="num">${chain.chainId}</td><td>${chain.clientVersion === undefined ? '<span class="muted">unknown</span>' : escapeHtml(chain.clientVersion)}</td></tr>`,
    )
    .join('')
  return `<section class="panel"><h2>Devnet <span class="muted">${escapeHtml(results.run.devnet.name)} · ${escapeHtml(results.run.devnet.backend)}</span></h2>
${chains === '' ? '' : `<table class="grid"><thead><tr><th>Chain</th><th>Role</th><th class="num">Chain id</th><th>Client</th></tr></thead><tbody>${chains}</tbody></table>`}
<h3>Health checks <span class="muted">${passed} of ${results.health.length} passed</span></h3>
${results.health.length === 0 ? '<p class="state bad">No health checks were run.</p>' : `<table class="grid"><thead><tr><th class="w-res">Result</th><th>Chain</th><th>Check</th><th>Detail</th></tr></thead><tbody>${rows}</tbody></table>`}
</section>`
}

function readinessSection(results: Results, readiness: ReadinessFile | undefined): string {
  const items = recommendations(results, readiness)
  const recs =
    items.length === 0
      ? '<p class="muted">None.</p>'
      : `<ol class="recs">${items.map((item) => `<li>${escapeHtml(item.text)}</li>`).join('')}</ol>`
  const rows = checklistRows(results, readiness)
  let checklist: string
  if (readiness === undefined) {
    checklist = '<p class="muted">No readiness file was given: the checklist was not evaluated.</p>'
  } else {
    const listed = rows.filter((row) => !row.missing)
    checklist = `<p class="muted">${listed.filter((row) => row.done).length} of ${listed.length} done</p><ul class="checklist">${rows
      .map((row) => {
        const required =
          row.requiredBy.length === 0
            ? ''
            : ` <span class="state bad">${row.missing ? 'missing, ' : ''}required by ${escapeHtml(row.requiredBy.join(', '))}</span>`
        const links = row.links
          .filter((url) => /^https?:\/\//.test(url))
          .map((url) => ` <a href="${escapeHtml(url)}" rel="noreferrer noopener">link</a>`)
          .join('')
        return `<li class="${row.done ? 'done' : row.requiredBy.length > 0 ? 'open required' : 'open'}"><span class="box" aria-hidden="true">${row.done ? '✓' : ''}</span>${escapeHtml(row.title)}${required}${links}</li>`
      })
      .join('')}</ul>`
  }
  const signoff = readiness?.signoff
  const signoffHtml =
    signoff === undefined
      ? '<p><span class="state warn">Not signed off</span> <span class="muted">The Platforms team makes the final pass/fail determination.</span></p>'
      : `<p>${signoff.decision === undefined ? '' : `<span class="state ${signoff.decision === 'promote' ? 'good' : 'bad'}">${signoff.decision === 'promote' ? 'Promote' : 'Block'}</span> `}signed off by <b>${escapeHtml(signoff.by)}</b> on ${escapeHtml(signoff.at)}</p>${signoff.notes === undefined || signoff.notes === '' ? '' : `<blockquote>${escapeHtml(signoff.notes)}</blockquote>`}`
  return `<section class="panel"><h2>Recommendations</h2>${recs}</section>
<section class="panel"><h2>Checklist</h2>${checklist}<h3>Sign-off</h3>${signoffHtml}</section>`
}

/** The judging's warnings (readiness entries that match nothing…), where there are any. */
function warningsHtml(results: Results): string {
  const warnings = results.warnings ?? []
  if (warnings.length === 0) return ''
  const items = warnings.map((warning) => `<li>${escapeHtml(warning.message)}</li>`).join('')
  return `<div class="alert warnings"><b>${warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`}</b>: entries that count for nothing; fix or remove them<ul>${items}</ul></div>`
}

/**
 * Renders report.html: verdict banners per gate, counts per severity and
 * status, recommendations, checklist and sign-off, findings with mitigations,
 * the devnet and its health checks, and a table of every test that can be
 * filtered by result, feature, severity and owner and searched; each failure
 * expands to its message, stack and annotations. One self-contained file: inline
 * CSS and JS under a Content-Security-Policy that forbids every request.
 *
 * @param results The results of one run.
 * @param context Readiness info for the checklist and sign-off (default: none).
 */
export function renderHtml(results: Results, context: ReportContext = {}): string {
  const { run } = results
  const readiness = context.readiness
  const assets = htmlAssets()
  const entries = collectFindings(results)
  const findingsById = new Map(entries.map((entry) => [entry.finding.id, entry]))
  const testsById = new Map(results.tests.map((test) => [test.id, test]))
  const checklist = new Map(checklistRows(results, readiness).map((row) => [row.id, row]))
  const findingCounts = countFindings(entries)
  const statusCounts = countStatuses(results.tests)
  const failing = statusCounts.failed + statusCounts.errored + statusCounts.timedOut
  const duration = runDurationMs(run)
  const title = readiness?.release ?? run.devnet.name
  const meta = [
    `run ${escapeHtml(run.id)}`,
    `${escapeHtml(run.devnet.backend)} devnet`,
    run.gitCommit === undefined ? undefined : `commit ${escapeHtml(run.gitCommit.slice(0, 12))}`,
    run.shard === undefined ? undefined : `shard ${run.shard.index}/${run.shard.count}`,
    escapeHtml(formatTimestamp(run.startedAt)),
    duration === undefined ? undefined : formatDuration(duration),
  ].filter((part) => part !== undefined)

  const severityCards = severities
    .map(
      (severity) =>
        `<button type="button" class="card sev-${severity}" data-filter="severity=${severity}" title="Show tests with ${severity} findings"><div class="n">${findingCounts[severity]}</div><div class="l">${severity} · ${severityName[severity]}</div><div class="r">${severityRule[severity]}</div></button>`,
    )
    .join('')
  const statusCards = [
    `<button type="button" class="card st-passed" data-filter="status=passed"><div class="n">${statusCounts.passed}</div><div class="l">passed</div><div class="r">of ${results.tests.length} tests</div></button>`,
    `<button type="button" class="card st-failing" data-filter="status=failing"><div class="n">${failing}</div><div class="l">failing</div><div class="r">${statusCounts.failed} failed · ${statusCounts.errored} errored · ${statusCounts.timedOut} timed out</div></button>`,
    `<button type="button" class="card st-skipped" data-filter="status=skipped"><div class="n">${statusCounts.skipped}</div><div class="l">skipped</div><div class="r">${results.tests.filter((t) => t.quarantined).length} quarantined · ${results.tests.filter((t) => t.flaky).length} flaky</div></button>`,
  ].join('')

  const data: HtmlData = { schemaVersion: 1, runId: run.id, tests: htmlTestRows(results) }
  const statusOptions: [string, string][] = [
    ['', 'All results'],
    ['failing', 'Failing (any)'],
    ['failed', 'Failed'],
    ['errored', 'Errored'],
    ['timedOut', 'Timed out'],
    ['skipped', 'Skipped'],
    ['passed', 'Passed'],
    ['flaky', 'Flaky'],
    ['quarantined', 'Quarantined'],
  ]
  const severityOptions: [string, string][] = [
    ['', 'All severities'],
    ...severities.map((severity): [string, string] => [severity, severityLabel(severity)]),
    ['none', 'No severity'],
  ]
  const optionList = (list: [string, string][]): string =>
    list.map(([value, label]) => `<option value="${value}">${escapeHtml(label)}</option>`).join('')

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${assets.contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`Release readiness: ${title}`)}</title>
<link rel="icon" href="data:,">
<style>${assets.style}</style>
</head>
<body>
<main>
<header>
<div class="brand">signalbox · Release Readiness Report</div>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${meta.join(' · ')}</p>
</header>
${warningsHtml(results)}
${run.complete ? '' : `<div class="alert"><b>The run did not complete</b>${run.error === undefined ? '' : `: ${escapeHtml(run.error)}`}. Results are partial; no gate can promote on them.</div>`}
<section class="verdicts">
${results.verdicts.length === 0 ? '<div class="alert">No gate was evaluated: this run has no verdict.</div>' : results.verdicts.map((verdict) => verdictBanner(verdict, findingsById, testsById, checklist)).join('\n')}
</section>
<section class="cards">${severityCards}${statusCards}</section>
<div class="grid2">
${readinessSection(results, readiness)}
</div>
${findingsSection(entries)}
${healthSection(results)}
<section class="tests" id="tests-section">
<h2>Tests</h2>
<div class="toolbar" role="search">
<input id="f-search" type="search" placeholder="Search tests, ids, owners, errors (press /)" aria-label="Search tests">
<select id="f-status" aria-label="Result">${optionList(statusOptions)}</select>
<select id="f-feature" aria-label="Feature"><option value="">All features</option></select>
<select id="f-severity" aria-label="Severity">${optionList(severityOptions)}</select>
<select id="f-owner" aria-label="Owner"><option value="">All owners</option></select>
<button type="button" id="f-reset">Reset</button>
<span id="shown" aria-live="polite"></span>
</div>
<noscript><p class="muted">The test table needs JavaScript; readiness.md and junit.xml list every test.</p></noscript>
<div id="tests" role="table" aria-label="Tests">
<div class="trow thead" role="row"><div role="columnheader">Result</div><div role="columnheader">Severity</div><div role="columnheader">Test</div><div role="columnheader">Feature</div><div role="columnheader">Owner</div><div role="columnheader" class="num">Time</div></div>
<div id="tests-body" role="rowgroup"></div>
<div id="tests-empty" class="empty" hidden>No test matches these filters.</div>
</div>
</section>
<footer>Generated by signalbox from results.json (schema v${results.schemaVersion}) for run ${escapeHtml(run.id)}. Started ${escapeHtml(formatTimestamp(run.startedAt))}, finished ${escapeHtml(formatTimestamp(run.finishedAt))}.</footer>
</main>
<script type="application/json" id="signalbox-data">${jsonForScript(data)}</script>
<script>${assets.script}</script>
</body>
</html>
`
}
