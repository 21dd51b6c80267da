import type { Decision, Results, TestResult, TestStatus, Verdict } from '../core/index.js'
import { type Severity, severities } from '../core/index.js'
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
import { severityLabel, severityName, severityRank, severityRule, statusLabel } from './Labels.js'
import { recommendations } from './Recommendations.js'
import type { ReportContext } from './ReportContext.js'
import { describeCounts, runDurationMs, slowestTests, summarizeFeatures } from './Tallies.js'
import {
  cleanText,
  errorText,
  firstLine,
  formatDuration,
  formatTimestamp,
  truncate,
} from './Text.js'

/**
 * readiness.md: the Release Readiness Report. Written for two audiences at
 * once: GitHub (file view, PR comment, step summary) and a governance post
 * pasted into a CommonMark forum, so it sticks to GitHub-flavoured tables, a few
 * allowed HTML tags (`details`, `summary`, `br`, `sub`) and no raw HTML from data.
 */

const slowestListed = 10
const maxStackLines = 30

// `>` alone cannot open HTML once `<` is an entity; it only matters at the start
// of a line, handled below, so test ids (`file > describe > name`) stay readable.
const markdownEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '~': '\\~',
  '|': '\\|',
  // GitHub renders $…$ as math
  $: '\\$',
}

/**
 * Untrusted text (test names, error messages, anything from results) as inline
 * Markdown that renders literally: one line, no emphasis, links, code or raw
 * HTML, and no `|` that could end a table cell. Works in table cells and prose.
 */
export function escapeMarkdown(text: string): string {
  return (
    cleanText(text)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .replace(/\t/g, ' ')
      .replace(/[&<\\`*_[\]~|$]/g, (char) => markdownEscapes[char] ?? char)
      // At the start of a line these would open a heading, list, quote or setext underline.
      .replace(/^([#+\-=>])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  )
}

/**
 * A fenced code block that holds `text` verbatim: the fence is longer than any
 * run of backticks in it, so nothing inside can close it.
 *
 * @param info The info string (language) after the opening fence. Default: `'text'`.
 */
export function codeBlock(text: string, info = 'text'): string {
  const clean = cleanText(text).replace(/\r\n?/g, '\n')
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${fence}${info}\n${clean}\n${fence}`
}

/** A link for a URL that is plainly http(s); anything else is shown as escaped text. */
function link(url: string, label?: string): string {
  if (!/^https?:\/\/[^\s<>()[\]`|]+$/.test(url)) return escapeMarkdown(url)
  return label === undefined ? `<${url}>` : `[${escapeMarkdown(label)}](${url})`
}

const decisionBadge: Record<Decision, string> = {
  promote: '✅ **PROMOTE**',
  block: '⛔ **BLOCK**',
  error: '⚠️ **ERROR**: could not decide',
}

const statusIcon: Record<TestStatus, string> = {
  passed: '✅',
  failed: '❌',
  errored: '💥',
  timedOut: '⏱️',
  skipped: '⏭️',
}

/** The icon and label of a status, e.g. `❌ failed`. */
function statusMarkdown(status: TestStatus): string {
  return `${statusIcon[status]} ${statusLabel[status]}`
}

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: string[],
): string {
  const separator = header.map((_, index) => align?.[index] ?? '---')
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell) => (cell === '' ? ' ' : cell)).join(' | ')} |`
  return [line(header), line(separator), ...rows.map(line)].join('\n')
}

/** One line per gate: decision and counts per severity, as a table. */
export function verdictTable(verdicts: readonly Verdict[]): string {
  return table(
    ['Gate', 'Decision', ...severities],
    verdicts.map((verdict) => [
      escapeMarkdown(verdict.gate),
      decisionBadge[verdict.decision],
      ...severities.map((severity) => String(verdict.counts[severity])),
    ]),
    ['---', '---', ...severities.map(() => '---:')],
  )
}

/** How a ref of a reason reads: the finding's title, the test's name, or the id itself. */
function describeRef(
  ref: string,
  findings: ReadonlyMap<string, FindingEntry>,
  tests: ReadonlyMap<string, TestResult>,
  checklist: ReadonlyMap<string, ChecklistRow>,
): string {
  const entry = findings.get(ref)
  if (entry !== undefined) {
    const { finding } = entry
    const where =
      finding.source === 'health'
        ? 'health check'
        : finding.source === 'manual'
          ? `manual finding ${escapeMarkdown(finding.id)}`
          : escapeMarkdown(finding.id)
    const owner = findingOwner(entry)
    return `**${finding.severity}** ${escapeMarkdown(truncate(finding.title, 240))} (${where})${owner === undefined ? '' : `, owner ${escapeMarkdown(owner)}`}`
  }
  const test = tests.get(ref)
  if (test !== undefined) {
    return `test ${statusLabel[test.status]}: ${escapeMarkdown(test.id)}`
  }
  const item = checklist.get(ref)
  if (item !== undefined) {
    return `checklist item ${escapeMarkdown(item.id)}: ${item.missing ? 'missing from the readiness file' : `${escapeMarkdown(item.title)} (${item.done ? 'done' : 'open'})`}`
  }
  return escapeMarkdown(ref)
}

/**
 * The decision of each gate and why: each reason with the findings, tests or
 * checklist items behind it. Shared with the step summary.
 *
 * @param maxRefs Refs listed per reason before "… and N more". Default: all.
 */
export function verdictSections(
  results: Results,
  readiness?: ReadinessFile,
  maxRefs = Number.POSITIVE_INFINITY,
): string {
  const findings = new Map(collectFindings(results).map((entry) => [entry.finding.id, entry]))
  const tests = new Map(results.tests.map((test) => [test.id, test]))
  const checklist = new Map(checklistRows(results, readiness).map((row) => [row.id, row]))
  const out: string[] = []
  for (const verdict of results.verdicts) {
    out.push(`### ${escapeMarkdown(verdict.gate)}: ${decisionBadge[verdict.decision]}`)
    if (verdict.reasons.length === 0) {
      out.push(reasonlessVerdictText(verdict))
      continue
    }
    const lines = verdict.reasons.map((reason, index) => {
      const head = `${index + 1}. **${escapeMarkdown(reason.rule)}**: ${escapeMarkdown(reason.message)}`
      const shown = reason.refs.slice(0, maxRefs)
      const refs = shown.map((ref) => `   - ${describeRef(ref, findings, tests, checklist)}`)
      if (reason.refs.length > shown.length) {
        refs.push(`   - … and ${reason.refs.length - shown.length} more`)
      }
      return [head, ...refs].join('\n')
    })
    out.push(lines.join('\n'))
  }
  return out.join('\n\n')
}

function mitigationCell(entry: FindingEntry): string {
  const { finding } = entry
  const state = mitigationState(finding)
  const mitigation = finding.mitigation
  if (state === 'none' || mitigation === undefined) {
    return finding.severity === 'SEV2' ? '⚠️ **none** (required)' : 'none'
  }
  const body = `${escapeMarkdown(mitigation.plan)} (owner ${escapeMarkdown(mitigation.owner)}${mitigation.link === undefined ? '' : `, ${link(mitigation.link, 'plan')}`})`
  return state === 'expired'
    ? `❌ **expired** ${escapeMarkdown(mitigation.expires)}: ${body}`
    : `✅ until ${escapeMarkdown(mitigation.expires)}: ${body}`
}

function sourceCell(entry: FindingEntry): string {
  const { finding, test } = entry
  if (test !== undefined) return `test, ${statusLabel[test.status]}`
  return finding.source
}

function findingsSection(results: Results): string {
  const entries = collectFindings(results)
  const counts = countFindings(entries)
  const out = ['## Findings']
  if (entries.length === 0) {
    out.push(
      'No findings: no test failed, every health check passed, and no manual finding was recorded.',
    )
    return out.join('\n\n')
  }
  out.push(
    table(
      ['Severity', 'Findings', 'Promotion rule'],
      severities.map((severity) => [
        severityLabel(severity),
        String(counts[severity]),
        severityRule[severity],
      ]),
      ['---', '---:', '---'],
    ),
  )
  const gates = results.verdicts.length > 1
  for (const severity of severities) {
    const group = entries.filter((entry) => entry.finding.severity === severity)
    if (group.length === 0) continue
    out.push(`### ${severity} · ${severityName[severity]} (${group.length})`)
    out.push(
      table(
        [
          'Finding',
          'Source',
          'Owner',
          'Classified by',
          'Mitigation',
          gates ? 'Blocks' : 'Blocking',
        ],
        group.map((entry) => [
          `${escapeMarkdown(truncate(entry.finding.title, 240))}<br><sub>${escapeMarkdown(entry.finding.id)}</sub>`,
          sourceCell(entry),
          escapeMarkdown(findingOwner(entry) ?? '—'),
          escapeMarkdown(entry.finding.classifiedBy),
          mitigationCell(entry),
          entry.blocks.length === 0
            ? 'no'
            : gates
              ? entry.blocks.map(escapeMarkdown).join(', ')
              : '**yes**',
        ]),
      ),
    )
  }
  return out.join('\n\n')
}

function recommendationsSection(results: Results, readiness: ReadinessFile | undefined): string {
  const items = recommendations(results, readiness)
  const out = ['## Recommendations']
  if (items.length === 0) {
    out.push('None: every gate passes, the checklist is done and the release is signed off.')
    return out.join('\n\n')
  }
  const maxRefs = 8
  out.push(
    items
      .map((item, index) => {
        const refs = item.refs.slice(0, maxRefs).map(escapeMarkdown)
        if (item.refs.length > maxRefs) refs.push(`… and ${item.refs.length - maxRefs} more`)
        const suffix = refs.length === 0 ? '' : `<br><sub>${refs.join(' · ')}</sub>`
        return `${index + 1}. ${escapeMarkdown(item.text)}${suffix}`
      })
      .join('\n'),
  )
  return out.join('\n\n')
}

function checklistSection(results: Results, readiness: ReadinessFile | undefined): string {
  const out = ['## Release Readiness Checklist']
  const rows = checklistRows(results, readiness)
  if (readiness === undefined) {
    out.push('_No readiness file was given: the checklist was not evaluated._')
  } else if (rows.length === 0) {
    out.push('_The readiness file lists no checklist items._')
  }
  if (rows.length === 0) return out.join('\n\n')
  const listed = rows.filter((row) => !row.missing)
  out.push(`${listed.filter((row) => row.done).length} of ${listed.length} items done.`)
  out.push(
    table(
      ['Status', 'Item', 'Required by', 'Links'],
      rows.map((row) => [
        row.done
          ? '✅ done'
          : row.missing
            ? '❌ missing'
            : row.requiredBy.length > 0
              ? '❌ open'
              : '⬜ open',
        `${row.missing ? '_not in the readiness file_' : escapeMarkdown(row.title)} <sub>${escapeMarkdown(row.id)}</sub>`,
        row.requiredBy.length === 0 ? '' : `**${row.requiredBy.map(escapeMarkdown).join(', ')}**`,
        row.links.map((url) => link(url)).join(' · '),
      ]),
    ),
  )
  return out.join('\n\n')
}

function triageSection(readiness: ReadinessFile | undefined): string {
  if (readiness === undefined || readiness.triage.length === 0) return ''
  return [
    `### Triage overrides (${readiness.triage.length})`,
    'Failures re-classified by hand; an override wins over every rule.',
    table(
      ['Tests', 'Severity', 'Reason', 'By'],
      readiness.triage.map((override) => [
        escapeMarkdown(override.test),
        override.severity,
        escapeMarkdown(override.reason),
        escapeMarkdown(override.by),
      ]),
    ),
  ].join('\n\n')
}

function signOffSection(readiness: ReadinessFile | undefined): string {
  const out = ['## Sign-off']
  const signoff = readiness?.signoff
  if (signoff === undefined) {
    out.push(
      '**Not signed off.** The Platforms team makes the final pass/fail determination and records it in the readiness file.',
    )
  } else {
    const decision =
      signoff.decision === undefined
        ? '**Signed off**'
        : `**${signoff.decision === 'promote' ? '✅ Promote' : '⛔ Block'}**, signed off`
    out.push(`${decision} by ${escapeMarkdown(signoff.by)} on ${escapeMarkdown(signoff.at)}.`)
    if (signoff.notes !== undefined && signoff.notes !== '') {
      out.push(`> ${escapeMarkdown(signoff.notes)}`)
    }
  }
  return out.join('\n\n')
}

function devnetSection(results: Results): string {
  const { devnet } = results.run
  const out = [
    '## Devnet',
    `**${escapeMarkdown(devnet.name)}**, started by the ${escapeMarkdown(devnet.backend)} backend.`,
  ]
  if (devnet.chains.length > 0) {
    out.push(
      table(
        ['Chain', 'Role', 'Chain id', 'Client'],
        devnet.chains.map((chain) => [
          escapeMarkdown(chain.name),
          chain.role.toUpperCase(),
          String(chain.chainId),
          chain.clientVersion === undefined ? '_unknown_' : escapeMarkdown(chain.clientVersion),
        ]),
        ['---', '---', '---:', '---'],
      ),
    )
  }
  const { health } = results
  const passed = health.filter((check) => check.ok).length
  out.push(`### Health checks (${passed} of ${health.length} passed)`)
  if (health.length === 0) {
    out.push('_No health checks were run: nothing shows that the devnet was operational._')
  } else {
    const ordered = [...health].sort((a, b) => Number(a.ok) - Number(b.ok))
    out.push(
      table(
        ['Result', 'Chain', 'Node', 'Check', 'Detail'],
        ordered.map((check) => [
          check.ok ? '✅ ok' : '❌ **failed**',
          escapeMarkdown(check.chain),
          escapeMarkdown(check.node ?? '—'),
          escapeMarkdown(check.check),
          escapeMarkdown(check.detail),
        ]),
      ),
    )
  }
  return out.join('\n\n')
}

function featuresSection(results: Results): string {
  const features = summarizeFeatures(results.tests)
  const out = ['## Results per feature']
  if (features.length === 0) {
    out.push('_No tests were selected: an empty run is not a pass._')
    return out.join('\n\n')
  }
  out.push(
    table(
      ['Feature', 'Tests', 'Passed', 'Failed', 'Skipped', 'Flaky', 'Quarantined', 'Time'],
      features.map((feature) => [
        escapeMarkdown(feature.feature),
        String(feature.total),
        String(feature.passed),
        feature.failed > 0 ? `**${feature.failed}**` : '0',
        String(feature.skipped),
        String(feature.flaky),
        String(feature.quarantined),
        formatDuration(feature.durationMs),
      ]),
      ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
    ),
  )
  return out.join('\n\n')
}

function failuresSection(results: Results, severityOf: ReadonlyMap<string, Severity>): string {
  const failing = results.tests.filter((test) => isFindingStatus(test.status))
  const out = [`## Failures (${failing.length})`]
  if (failing.length === 0) {
    out.push('No test failed.')
    return out.join('\n\n')
  }
  const rank = (test: TestResult): number => severityRank(severityOf.get(test.id))
  const ordered = [...failing].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))
  out.push(
    table(
      ['Test', 'Feature', 'Owner', 'Severity', 'Status', 'Error'],
      ordered.map((test) => [
        `${escapeMarkdown(test.name)}<br><sub>${escapeMarkdown(test.id)}</sub>`,
        escapeMarkdown(test.feature),
        escapeMarkdown(test.owner ?? '—'),
        severityOf.get(test.id) ?? '—',
        `${statusMarkdown(test.status)}${test.quarantined ? ' (quarantined)' : ''}`,
        escapeMarkdown(truncate(firstLine(test.error?.message ?? ''), 160)),
      ]),
    ),
  )
  const details = ordered.map((test) => {
    const text = test.error === undefined ? '(no error recorded)' : errorText(test.error)
    const lines = text.split(/\r\n|\r|\n/)
    const kept =
      lines.length > maxStackLines
        ? [...lines.slice(0, maxStackLines), `… ${lines.length - maxStackLines} more lines`]
        : lines
    const annotations = test.annotations.map(
      (annotation) => `- ${escapeMarkdown(annotation.type)}: ${escapeMarkdown(annotation.message)}`,
    )
    return [
      `#### ${escapeMarkdown(test.id)}`,
      codeBlock(kept.join('\n')),
      ...(annotations.length > 0 ? [annotations.join('\n')] : []),
    ].join('\n\n')
  })
  out.push(
    `<details>\n<summary>Error messages and stacks (${failing.length})</summary>\n\n${details.join('\n\n')}\n\n</details>`,
  )
  return out.join('\n\n')
}

/** A table of tests by id, feature and owner, with one more column of its own. */
function testTable(
  tests: readonly TestResult[],
  column: string,
  cell: (test: TestResult) => string,
  align?: string[],
): string {
  return table(
    ['Test', 'Feature', 'Owner', column],
    tests.map((test) => [
      escapeMarkdown(test.id),
      escapeMarkdown(test.feature),
      escapeMarkdown(test.owner ?? '—'),
      cell(test),
    ]),
    align,
  )
}

function skippedSection(results: Results): string {
  const skipped = results.tests.filter((test) => test.status === 'skipped')
  const out = [`## Skipped tests (${skipped.length})`]
  if (skipped.length === 0) {
    out.push('No test was skipped.')
    return out.join('\n\n')
  }
  out.push(
    testTable(skipped, 'Reason', (test) =>
      test.skipReason === undefined ? '_no reason given_' : escapeMarkdown(test.skipReason),
    ),
  )
  return out.join('\n\n')
}

function quarantineSection(results: Results): string {
  const quarantined = results.tests.filter((test) => test.quarantined)
  const flaky = results.tests.filter((test) => test.flaky)
  const out = [`## Quarantined tests (${quarantined.length})`]
  if (quarantined.length === 0) {
    out.push('No test is quarantined.')
  } else {
    out.push("Quarantined tests run, but their result does not count toward a gate's verdict.")
    out.push(testTable(quarantined, 'Result', (test) => statusMarkdown(test.status)))
  }
  if (flaky.length > 0) {
    out.push(`### Flaky tests (${flaky.length})`)
    out.push(
      testTable(flaky, 'Attempts', (test) => String(test.attempts), ['---', '---', '---', '---:']),
    )
  }
  return out.join('\n\n')
}

function timingsSection(results: Results): string {
  const { run } = results
  const duration = runDurationMs(run)
  const testTime = results.tests.reduce((sum, test) => sum + test.durationMs, 0)
  const out = [
    '## Timings',
    table(
      ['Started', 'Finished', 'Duration', 'Test time (sum)'],
      [
        [
          escapeMarkdown(formatTimestamp(run.startedAt)),
          escapeMarkdown(formatTimestamp(run.finishedAt)),
          duration === undefined ? '—' : formatDuration(duration),
          formatDuration(testTime),
        ],
      ],
    ),
  ]
  const slow = slowestTests(results.tests, slowestListed)
  if (slow.length > 0) {
    out.push(`### Slowest tests`)
    out.push(
      table(
        ['#', 'Test', 'Feature', 'Result', 'Time'],
        slow.map((test, index) => [
          String(index + 1),
          escapeMarkdown(test.id),
          escapeMarkdown(test.feature),
          statusMarkdown(test.status),
          formatDuration(test.durationMs),
        ]),
        ['---:', '---', '---', '---', '---:'],
      ),
    )
  }
  return out.join('\n\n')
}

function allTestsSection(results: Results, severityOf: ReadonlyMap<string, Severity>): string {
  const rows = results.tests.map((test) => [
    statusMarkdown(test.status),
    escapeMarkdown(test.id),
    escapeMarkdown(test.feature),
    escapeMarkdown(test.owner ?? '—'),
    severityOf.get(test.id) ?? '—',
    formatDuration(test.durationMs),
  ])
  return [
    '## All tests',
    `<details>\n<summary>All ${results.tests.length} tests</summary>\n\n${table(['Result', 'Test', 'Feature', 'Owner', 'Severity', 'Time'], rows, ['---', '---', '---', '---', '---', '---:'])}\n\n</details>`,
  ].join('\n\n')
}

/** `pending`, or `promote by A. Rivera`, for one-line summaries. */
export function signoffText(readiness: ReadinessFile): string {
  const signoff = readiness.signoff
  if (signoff === undefined) return 'pending'
  return `${signoff.decision ?? 'signed'} by ${escapeMarkdown(signoff.by)}`
}

function overview(results: Results, readiness: ReadinessFile | undefined): string {
  const { run } = results
  const flaky = results.tests.filter((test) => test.flaky).length
  const quarantined = results.tests.filter((test) => test.quarantined).length
  const extra = [
    flaky > 0 ? `${flaky} flaky` : undefined,
    quarantined > 0 ? `${quarantined} quarantined` : undefined,
  ].filter((part) => part !== undefined)
  const passedHealth = results.health.filter((check) => check.ok).length
  const facts = [
    `**${results.tests.length} tests:** ${describeCounts(results.tests)}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`,
    `**Health:** ${passedHealth} of ${results.health.length} checks passed`,
  ]
  if (readiness !== undefined) {
    const done = readiness.checklist.filter((item) => item.done).length
    facts.push(`**Checklist:** ${done} of ${readiness.checklist.length} done`)
    facts.push(`**Sign-off:** ${signoffText(readiness)}`)
  }
  const duration = runDurationMs(run)
  const runLine = [
    `Run ${escapeMarkdown(run.id)}`,
    `devnet ${escapeMarkdown(run.devnet.name)} (${escapeMarkdown(run.devnet.backend)})`,
    run.gitCommit === undefined
      ? undefined
      : `commit ${escapeMarkdown(run.gitCommit.slice(0, 12))}`,
    run.shard === undefined ? undefined : `shard ${run.shard.index} of ${run.shard.count}`,
    `${escapeMarkdown(formatTimestamp(run.startedAt))}${duration === undefined ? '' : `, ${formatDuration(duration)}`}`,
  ].filter((part) => part !== undefined)
  const out = [facts.join(' · '), runLine.join(' · ')]
  if (!run.complete) {
    out.unshift(
      `> [!CAUTION]\n> **The run did not complete**${run.error === undefined ? '' : `: ${escapeMarkdown(run.error)}`}. Results are partial; no gate can promote on them.`,
    )
  }
  return out.join('\n\n')
}

/** The judging's warnings (readiness entries that match nothing…) as a callout; '' when none. */
function warningsCallout(results: Results): string {
  const warnings = results.warnings ?? []
  if (warnings.length === 0) return ''
  const count = warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`
  return [
    `> [!WARNING]\n> **${count}**: entries that count for nothing; fix or remove them.`,
    ...warnings.map((warning) => `> - ${escapeMarkdown(warning.message)}`),
  ].join('\n')
}

/**
 * Renders readiness.md, the Release Readiness Report: the verdict per gate and
 * why, recommendations, findings by severity with owners and mitigations, the
 * checklist and sign-off, the devnet and its health, failures, skipped,
 * quarantined and flaky tests, timings, and every test.
 *
 * @param results The results of one run.
 * @param context Readiness info (default: none, and the report says so).
 */
export function renderMarkdown(results: Results, context: ReportContext = {}): string {
  const { readiness } = context
  const severityOf = testSeverities(results)
  const title = readiness?.release ?? results.run.devnet.name
  const sections = [
    `# Release Readiness Report: ${escapeMarkdown(title)}`,
    results.verdicts.length === 0
      ? '_No gate was evaluated: this run has no verdict._'
      : verdictTable(results.verdicts),
    overview(results, readiness),
    warningsCallout(results),
    '## Release decision',
    results.verdicts.length === 0 ? '_No verdict._' : verdictSections(results, readiness),
    signOffSection(readiness),
    recommendationsSection(results, readiness),
    findingsSection(results),
    checklistSection(results, readiness),
    triageSection(readiness),
    devnetSection(results),
    featuresSection(results),
    failuresSection(results, severityOf),
    skippedSection(results),
    quarantineSection(results),
    timingsSection(results),
    allTestsSection(results, severityOf),
    `---\n\n<sub>Generated by signalbox from results.json (schema v${results.schemaVersion}) for run ${escapeMarkdown(results.run.id)}. Finding ids: test id, \`health:<chain>:<check>\`, or the readiness file's id.</sub>`,
  ]
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`
}
