import { createHash } from 'node:crypto'
import {
  type Decision,
  type Results,
  type Severity,
  severities,
  type TestResult,
  TestStatus,
  type Verdict,
} from '../core/index.js'
import { isFindingStatus } from '../gates/Classification.js'
import type { ReadinessFile } from '../gates/Readiness.js'
import {
  type ChecklistRow,
  checklistRows,
  cleanText,
  collectFindings,
  countFindings,
  countStatuses,
  errorText,
  type FindingEntry,
  findingOwner,
  firstLine,
  formatDuration,
  formatTimestamp,
  mitigationState,
  reasonlessVerdictText,
  recommendations,
  runDurationMs,
  severityLabel,
  severityName,
  severityRank,
  severityRule,
  statusLabel,
  testSeverities,
  truncate,
} from './Digest.js'
import type { ReportExtras } from './Extras.js'

/**
 * report.html: one self-contained file (inline CSS and JS, no requests) that
 * works opened from disk and as a CI artifact. The summary is static HTML built
 * here with escaping; the test table is built in the browser from a JSON block
 * with DOM APIs and `textContent`, once, and filtered by toggling `hidden`, so
 * that 10,000 tests stay fast and no data ever reaches an HTML parser.
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

const style = `
:root{--bg:#f6f8fa;--fg:#1f2328;--muted:#59636e;--card:#fff;--line:#d1d9e0;--soft:#eef1f4;
--good:#1a7f37;--good-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--s0:#82071e;--s1:#cf222e;--s2:#bc4c00;--s3:#59636e;--accent:#0969da;
font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#151b23;--line:#30363d;--soft:#212830;
--good:#3fb950;--good-bg:#12261e;--bad:#f85149;--bad-bg:#2d1214;--warn:#d29922;--warn-bg:#2b2111;--s0:#ff7b72;--s1:#f85149;--s2:#db6d28;--s3:#9198a1;--accent:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg)}
main{max-width:1320px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:2px 0 4px}h2{font-size:17px;margin:0 0 10px}h3{font-size:14px;margin:16px 0 8px}
a{color:var(--accent)}
.brand{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);font-weight:600}
.meta{color:var(--muted);margin:0}
.muted{color:var(--muted);font-weight:400}
.alert{background:var(--bad-bg);border:1px solid var(--bad);border-radius:8px;padding:10px 14px;margin:16px 0}
.verdicts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px;margin:20px 0;align-items:start}
.verdict{background:var(--card);border:1px solid var(--line);border-top:6px solid var(--muted);border-radius:10px;padding:14px 18px}
.verdict.decision-promote{border-top-color:var(--good)}.verdict.decision-block{border-top-color:var(--bad)}.verdict.decision-error{border-top-color:var(--warn)}
.verdict-head{display:flex;align-items:center;justify-content:space-between;gap:12px}
.gate{font-size:20px;font-weight:700}
.decision{font-weight:700;text-transform:uppercase;letter-spacing:.06em;padding:3px 12px;border-radius:999px;font-size:13px}
.decision-promote .decision{background:var(--good-bg);color:var(--good)}.decision-block .decision{background:var(--bad-bg);color:var(--bad)}.decision-error .decision{background:var(--warn-bg);color:var(--warn)}
.counts{display:flex;gap:8px;margin:10px 0 4px;flex-wrap:wrap}
.count{font-size:12px;padding:1px 8px;border-radius:6px;background:var(--soft);color:var(--muted)}.count b{color:var(--fg)}.count.zero{opacity:.6}
.reasons{margin:8px 0 0;padding-left:20px}.reasons>li{margin:6px 0}.refs{margin:4px 0 0;padding-left:16px;list-style:none}.refs li{margin:3px 0;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 20px}
.card{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--muted);border-radius:10px;padding:10px 14px;text-align:left;color:inherit;font:inherit;cursor:pointer}
.card:hover{border-color:var(--accent)}.card .n{font-size:26px;font-weight:700;line-height:1.1}.card .l{font-weight:600}.card .r{font-size:12px;color:var(--muted)}
.card.sev-SEV0{border-left-color:var(--s0)}.card.sev-SEV1{border-left-color:var(--s1)}.card.sev-SEV2{border-left-color:var(--s2)}.card.sev-SEV3{border-left-color:var(--s3)}
.card.st-passed{border-left-color:var(--good)}.card.st-failing{border-left-color:var(--bad)}.card.st-skipped{border-left-color:var(--muted)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin:0 0 16px}
.panel,section>details.section,.tests{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;margin:0 0 16px}
details.section>summary{cursor:pointer;list-style-position:outside}details.section>summary h2{display:inline;margin:0}
.scroll{overflow-x:auto;margin-top:10px}
table{border-collapse:collapse;width:100%}
.grid th,.grid td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th{font-size:12px;color:var(--muted);font-weight:600;background:var(--card)}
.num{text-align:right!important;font-variant-numeric:tabular-nums}
.name{font-weight:600}.id{font-size:12px;color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.grid .w-sev{width:76px}.grid .w-src{width:90px}.grid .w-owner{width:120px}.grid .w-blocks{width:90px}.grid .w-res{width:80px}
.sev{display:inline-block;white-space:nowrap;font-size:11px;font-weight:700;padding:0 6px;border-radius:4px;color:#fff;background:var(--s3)}
.sev-SEV0.sev{background:var(--s0)}.sev-SEV1.sev{background:var(--s1)}.sev-SEV2.sev{background:var(--s2)}
.state{font-weight:600;font-size:12px;padding:1px 7px;border-radius:999px}
.state.good{color:var(--good);background:var(--good-bg)}.state.bad{color:var(--bad);background:var(--bad-bg)}.state.warn{color:var(--warn);background:var(--warn-bg)}
.bad-row td{background:var(--bad-bg)}
.recs{margin:0;padding-left:20px}.recs li{margin:4px 0}
.checklist{list-style:none;margin:0;padding:0}.checklist li{margin:5px 0;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.box{display:inline-flex;width:16px;height:16px;border:1.5px solid var(--muted);border-radius:4px;align-items:center;justify-content:center;font-size:11px;flex:none;position:relative;top:3px}
.done .box{background:var(--good);border-color:var(--good);color:#fff}.required .box{border-color:var(--bad)}
blockquote{margin:8px 0;padding:4px 12px;border-left:3px solid var(--line);color:var(--muted)}
.toolbar{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:0 0 10px}
.toolbar input,.toolbar select,.toolbar button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:5px 8px}
.toolbar input{flex:1 1 260px}.toolbar button{cursor:pointer}
#shown{color:var(--muted);margin-left:auto}
/* Rows are grid rows, not table rows, so that content-visibility can skip the
   layout of the thousands that are off screen. */
.trow{display:grid;grid-template-columns:118px 74px minmax(0,1fr) 120px 150px 84px;border-bottom:1px solid var(--line)}
.trow>div{padding:6px 8px;min-width:0;overflow-wrap:anywhere}
#tests-body.lazy>.trow{content-visibility:auto;contain-intrinsic-size:auto 62px}#tests-body>.trow.unfilled{height:62px}
/* [hidden] alone loses to display:grid. */
.trow[hidden],.empty[hidden]{display:none}
.thead{position:sticky;top:0;z-index:1;background:var(--card)}.thead>div{font-size:12px;color:var(--muted);font-weight:600}
.empty{padding:16px 8px;color:var(--muted)}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:999px;background:var(--soft);color:var(--muted)}
.pill-passed{color:var(--good);background:var(--good-bg)}.pill-failed,.pill-errored,.pill-timedOut{color:var(--bad);background:var(--bad-bg)}
.tag{display:inline-block;font-size:11px;margin-left:4px;padding:0 5px;border:1px solid var(--line);border-radius:4px;color:var(--muted)}
.note{font-size:12px;color:var(--muted)}
details.err{margin-top:4px}details.err>summary{cursor:pointer;color:var(--bad);font-size:13px;overflow-wrap:anywhere}
pre{margin:6px 0 0;padding:10px;background:var(--soft);border-radius:6px;overflow:auto;max-height:420px;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
.ann{margin:6px 0 0;padding-left:18px;font-size:12px}
footer{color:var(--muted);font-size:12px;margin:24px 0}
@media print{.toolbar,.cards{display:none}#tests-body.lazy>.trow{content-visibility:visible}}
`

// The page script only reads the JSON block and builds nodes with textContent.
const script = `
(function () {
  'use strict';
  if (performance.mark) performance.mark('signalbox:start');
  var data = JSON.parse(document.getElementById('signalbox-data').textContent);
  if (performance.mark) performance.mark('signalbox:parsed');
  var tests = data.tests;
  var statusText = ${JSON.stringify(statusLabel)};
  var failing = ${JSON.stringify(TestStatus.options.filter(isFindingStatus))};
  var tbody = document.getElementById('tests-body');
  var search = document.getElementById('f-search');
  var fStatus = document.getElementById('f-status');
  var fFeature = document.getElementById('f-feature');
  var fSeverity = document.getElementById('f-severity');
  var fOwner = document.getElementById('f-owner');
  var shown = document.getElementById('shown');
  var empty = document.getElementById('tests-empty');
  var rows = new Array(tests.length);
  var haystacks = new Array(tests.length);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function options(select, values) {
    for (var i = 0; i < values.length; i++) select.appendChild(el('option', null, values[i])).value = values[i];
  }

  // Small reports build every row at once (browser find sees all of them);
  // large ones build each row's content when it nears the viewport, so 10,000
  // tests open as fast as a hundred. Filtering and search work on the data.
  var lazy = tests.length > 2000 && typeof IntersectionObserver === 'function';
  var eagerRows = 60;
  if (lazy) tbody.className = 'lazy';
  function fill(tr) {
    var i = Number(tr.getAttribute('data-i'));
    var t = tests[i];
    tr.classList.remove('unfilled');
    var res = tr.appendChild(el('div'));
    res.appendChild(el('span', 'pill pill-' + t.status, statusText[t.status] || t.status));
    if (t.flaky) res.appendChild(el('span', 'tag', 'flaky'));
    if (t.quarantined) res.appendChild(el('span', 'tag', 'quarantined'));
    var sev = tr.appendChild(el('div'));
    if (t.severity) sev.appendChild(el('span', 'sev sev-' + t.severity, t.severity));
    var cell = tr.appendChild(el('div', 'test'));
    cell.appendChild(el('div', 'name', t.name));
    cell.appendChild(el('div', 'id', t.id));
    if (t.skipReason) cell.appendChild(el('div', 'note', 'Skipped: ' + t.skipReason));
    if (t.error !== undefined) {
      var details = cell.appendChild(el('details', 'err'));
      details.appendChild(el('summary', null, t.summary || 'error'));
      details.setAttribute('data-i', String(i));
    }
    tr.appendChild(el('div', null, t.feature));
    tr.appendChild(el('div', null, t.owner || '—'));
    tr.appendChild(el('div', 'num', t.duration));
    for (var c = 0; c < tr.children.length; c++) tr.children[c].setAttribute('role', 'cell');
  }
  var observer = lazy
    ? new IntersectionObserver(function (entries) {
        for (var e = 0; e < entries.length; e++) {
          if (!entries[e].isIntersecting) continue;
          observer.unobserve(entries[e].target);
          fill(entries[e].target);
        }
      }, { rootMargin: '1500px 0px' })
    : null;

  var frag = document.createDocumentFragment();
  var features = {}, owners = {};
  for (var i = 0; i < tests.length; i++) {
    var t = tests[i];
    features[t.feature] = true;
    if (t.owner) owners[t.owner] = true;
    var tr = el('div', 'trow st-' + t.status);
    tr.setAttribute('role', 'row');
    tr.setAttribute('data-i', String(i));
    if (!observer || i < eagerRows) fill(tr);
    else {
      tr.className += ' unfilled';
      observer.observe(tr);
    }
    rows[i] = tr;
    haystacks[i] = (t.id + '\\n' + t.feature + '\\n' + t.owner + '\\n' + (t.summary || '') + '\\n' + (t.skipReason || '')).toLowerCase();
    frag.appendChild(tr);
  }
  if (performance.mark) performance.mark('signalbox:built');
  tbody.appendChild(frag);
  options(fFeature, Object.keys(features).sort());
  options(fOwner, Object.keys(owners).sort());

  // Error bodies are built on first open: most are never read.
  tbody.addEventListener('toggle', function (event) {
    var details = event.target;
    if (!details.open || details.getAttribute('data-filled')) return;
    var t = tests[Number(details.getAttribute('data-i'))];
    details.setAttribute('data-filled', '1');
    details.appendChild(el('pre', null, t.error));
    if (t.annotations.length) {
      var list = details.appendChild(el('ul', 'ann'));
      for (var a = 0; a < t.annotations.length; a++) list.appendChild(el('li', null, t.annotations[a][0] + ': ' + t.annotations[a][1]));
    }
  }, true);

  function matchesStatus(t, wanted) {
    if (!wanted) return true;
    if (wanted === 'failing') return failing.indexOf(t.status) !== -1;
    if (wanted === 'flaky') return t.flaky;
    if (wanted === 'quarantined') return t.quarantined;
    return t.status === wanted;
  }
  var controls = { status: fStatus, feature: fFeature, severity: fSeverity, owner: fOwner, q: search };
  function apply() {
    var q = search.value.trim().toLowerCase();
    var status = fStatus.value, feature = fFeature.value, severity = fSeverity.value, owner = fOwner.value;
    var count = 0;
    for (var i = 0; i < tests.length; i++) {
      var t = tests[i];
      var show = matchesStatus(t, status) &&
        (!feature || t.feature === feature) &&
        (!severity || (severity === 'none' ? !t.severity : t.severity === severity)) &&
        (!owner || t.owner === owner) &&
        (!q || haystacks[i].indexOf(q) !== -1);
      if (rows[i].hidden === show) rows[i].hidden = !show;
      if (show) count++;
    }
    shown.textContent = 'Showing ' + count + ' of ' + tests.length + ' tests';
    empty.hidden = count !== 0;
    var state = [];
    for (var key in controls) if (controls[key].value) state.push(key + '=' + encodeURIComponent(controls[key].value));
    try { history.replaceState(null, '', state.length ? '#' + state.join('&') : location.pathname + location.search); } catch (e) {}
  }
  function restore() {
    var hash = location.hash.slice(1).split('&');
    for (var i = 0; i < hash.length; i++) {
      var pair = hash[i].split('=');
      var control = controls[pair[0]];
      if (control && pair.length === 2) { try { control.value = decodeURIComponent(pair[1]); } catch (e) {} }
    }
  }
  var timer = 0;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  [fStatus, fFeature, fSeverity, fOwner].forEach(function (select) { select.addEventListener('change', apply); });
  document.getElementById('f-reset').addEventListener('click', function () {
    search.value = ''; fStatus.value = ''; fFeature.value = ''; fSeverity.value = ''; fOwner.value = ''; apply();
  });
  var cards = document.querySelectorAll('[data-filter]');
  for (var c = 0; c < cards.length; c++) {
    cards[c].addEventListener('click', function () {
      var parts = this.getAttribute('data-filter').split('=');
      controls[parts[0]].value = parts[1];
      apply();
      document.getElementById('tests-section').scrollIntoView({ block: 'start' });
    });
  }
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== search) { event.preventDefault(); search.focus(); }
  });
  restore();
  apply();
  document.documentElement.setAttribute('data-rendered', 'true');
  if (performance.mark) performance.mark('signalbox:rendered');
})();
`

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

// No source but these two blocks may run or style; nothing may be fetched.
const contentSecurityPolicy = [
  "default-src 'none'",
  `script-src ${cspHash(script)}`,
  `style-src ${cspHash(style)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/**
 * Renders report.html: verdict banners per gate, counts per severity and
 * status, recommendations, checklist and sign-off, findings with mitigations,
 * the devnet and its health checks, and a table of every test that can be
 * filtered by result, feature, severity and owner and searched; each failure
 * expands to its message, stack and annotations. One self-contained file: inline
 * CSS and JS under a Content-Security-Policy that forbids every request.
 *
 * @param results The results of one run.
 * @param extras Readiness info for the checklist and sign-off (default: none).
 */
export function renderHtml(results: Results, extras: ReportExtras = {}): string {
  const { run } = results
  const readiness = extras.readiness
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
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`Release readiness: ${title}`)}</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<main>
<header>
<div class="brand">signalbox · Release Readiness Report</div>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${meta.join(' · ')}</p>
</header>
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
<script>${script}</script>
</body>
</html>
`
}
