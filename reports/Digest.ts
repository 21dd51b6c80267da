import type {
  Finding,
  HealthCheck,
  Results,
  RunInfo,
  TestError,
  TestResult,
  TestStatus,
  Verdict,
} from '../core/index.js'
import { type Severity, severities } from '../core/index.js'
import type { ReadinessFile } from '../gates/Readiness.js'

/**
 * What every writer derives from the results: labels, counts, the findings
 * merged across gates, recommendations. Pure, so that readiness.md, the HTML
 * report, the step summary and the terminal agree with each other.
 */

/** The Release Readiness Process's name for each severity. */
export const severityName: Record<Severity, string> = {
  SEV0: 'Catastrophic',
  SEV1: 'Critical',
  SEV2: 'Major',
  SEV3: 'Minor',
}

/** What each severity means for promotion, per the Release Readiness Process. */
export const severityRule: Record<Severity, string> = {
  SEV0: 'blocks promotion',
  SEV1: 'blocks promotion',
  SEV2: 'needs a mitigation plan',
  SEV3: 'documented, does not block',
}

/** Every status, in the order reports list them. */
const statusOrder: readonly TestStatus[] = ['passed', 'failed', 'errored', 'timedOut', 'skipped']

/** How a status reads in prose and tables. */
export const statusLabel: Record<TestStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  errored: 'errored',
  timedOut: 'timed out',
  skipped: 'skipped',
}

/** `SEV1 Critical`: the severity with its name. */
export function severityLabel(severity: Severity): string {
  return `${severity} ${severityName[severity]}`
}

/** Position of a severity, most severe first; no severity sorts after every one. */
export function severityRank(severity: Severity | undefined): number {
  return severity === undefined ? severities.length : severities.indexOf(severity)
}

function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b)
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC
const ansiPattern = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g

/** Removes terminal colour and OSC sequences, which error messages from assertion libraries carry. */
export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '')
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

/** Untrusted text without terminal sequences and control characters (tab and line breaks stay). */
export function cleanText(text: string): string {
  return stripAnsi(text).replace(controlCharacters, '')
}

/** The first line of a message, for one-line contexts. */
export function firstLine(text: string): string {
  const trimmed = text.trimStart()
  const end = trimmed.search(/\r\n|\r|\n/)
  return end === -1 ? trimmed : trimmed.slice(0, end)
}

/** Cuts text to at most `max` characters (default 200), marking the cut. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * A duration for people: `850 ms`, `4.2 s`, `3m 07s`, `1h 02m`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const totalSeconds = Math.round(ms / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`
}

/**
 * An ISO timestamp as `YYYY-MM-DD HH:MM:SS UTC`; text that is not a timestamp
 * is returned as it is (the results carry the times; no clock is read).
 */
export function formatTimestamp(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** Wall-clock duration of the run, where both timestamps parse. */
export function runDurationMs(run: RunInfo): number | undefined {
  const start = Date.parse(run.startedAt)
  const end = Date.parse(run.finishedAt)
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return undefined
  return end - start
}

/** Number of tests per status; every status is present. */
export function countStatuses(tests: readonly TestResult[]): Record<TestStatus, number> {
  const counts: Record<TestStatus, number> = {
    passed: 0,
    failed: 0,
    errored: 0,
    timedOut: 0,
    skipped: 0,
  }
  for (const test of tests) counts[test.status]++
  return counts
}

/** `40 passed, 3 failed, 2 skipped`: statuses with zero tests left out. */
export function describeCounts(tests: readonly TestResult[]): string {
  const counts = countStatuses(tests)
  const parts = statusOrder
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${statusLabel[status]}`)
  return parts.length === 0 ? 'none' : parts.join(', ')
}

/**
 * A test error as one text: the full message (assertion diffs live there), then
 * the stack frames, without repeating the message the stack starts with.
 */
export function errorText(error: TestError | undefined): string {
  if (error === undefined) return ''
  const message = cleanText(error.message)
  if (error.stack === undefined) return message
  const stack = cleanText(error.stack)
  if (stack.includes(message)) return stack
  // The stack's header is usually the message again (with the error's name);
  // keep it only when it says something the message does not.
  const lines = stack.split(/\r\n|\r|\n/)
  const firstFrame = lines.findIndex((line) => /^\s+at\s/.test(line))
  const header = firstFrame === -1 ? lines : lines.slice(0, firstFrame)
  const redundant = header.every(
    (line) => line.trim() === '' || message.includes(line.replace(/^\w*Error: /, '')),
  )
  return `${message}\n${(redundant ? lines.slice(header.length) : lines).join('\n')}`
}

/** Per-feature tallies. `failed` counts failed, errored and timed-out tests. */
export interface FeatureSummary {
  feature: string
  total: number
  passed: number
  failed: number
  skipped: number
  flaky: number
  quarantined: number
  durationMs: number
}

/** Tallies per feature, sorted by feature name. */
export function summarizeFeatures(tests: readonly TestResult[]): FeatureSummary[] {
  const byFeature = new Map<string, FeatureSummary>()
  for (const test of tests) {
    let summary = byFeature.get(test.feature)
    if (summary === undefined) {
      summary = {
        feature: test.feature,
        total: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        flaky: 0,
        quarantined: 0,
        durationMs: 0,
      }
      byFeature.set(test.feature, summary)
    }
    summary.total++
    if (test.status === 'passed') summary.passed++
    else if (test.status === 'skipped') summary.skipped++
    else summary.failed++
    if (test.flaky) summary.flaky++
    if (test.quarantined) summary.quarantined++
    summary.durationMs += test.durationMs
  }
  return [...byFeature.values()].sort((a, b) => a.feature.localeCompare(b.feature))
}

/** The `count` (default 10) slowest tests that ran, slowest first; skipped ones are left out. */
export function slowestTests(tests: readonly TestResult[], count = 10): TestResult[] {
  return tests
    .filter((test) => test.status !== 'skipped')
    .sort((a, b) => b.durationMs - a.durationMs || a.id.localeCompare(b.id))
    .slice(0, count)
}

/** A finding as it appears across all the gates of the run. */
export interface FindingEntry {
  finding: Finding
  /** Gates whose verdict lists this finding, in run order. */
  gates: string[]
  /** Gates whose non-promote verdict names this finding in a reason. */
  blocks: string[]
  /** The test behind a test finding, where the run has it. */
  test?: TestResult
}

/** Ids named by the reasons of a verdict that did not promote. */
function blockingRefs(verdict: Verdict): Set<string> {
  const refs = new Set<string>()
  if (verdict.decision === 'promote') return refs
  for (const reason of verdict.reasons) for (const ref of reason.refs) refs.add(ref)
  return refs
}

/**
 * What a verdict without reasons says: that it promotes, with the open findings
 * its policy allows, or that no reason was recorded.
 */
export function reasonlessVerdictText(verdict: Verdict): string {
  if (verdict.decision !== 'promote') return 'No reason was recorded.'
  const open = severities
    .filter((severity) => verdict.counts[severity] > 0)
    .map((severity) => `${verdict.counts[severity]} ${severity}`)
  return `All promotion rules hold.${open.length > 0 ? ` Open findings within policy: ${open.join(', ')}.` : ' No open findings.'}`
}

/**
 * Every finding of the run once, most severe first. A finding listed by several
 * gates keeps its most severe classification: a report must never understate.
 */
export function collectFindings(results: Results): FindingEntry[] {
  const testsById = new Map(results.tests.map((test) => [test.id, test]))
  const entries = new Map<string, FindingEntry>()
  for (const verdict of results.verdicts) {
    const refs = blockingRefs(verdict)
    for (const finding of verdict.findings) {
      let entry = entries.get(finding.id)
      if (entry === undefined) {
        entry = { finding, gates: [], blocks: [] }
        const test = finding.source === 'test' ? testsById.get(finding.id) : undefined
        if (test !== undefined) entry.test = test
        entries.set(finding.id, entry)
      } else if (compareSeverity(finding.severity, entry.finding.severity) < 0) {
        entry.finding = finding
      }
      if (!entry.gates.includes(verdict.gate)) entry.gates.push(verdict.gate)
      if (refs.has(finding.id) && !entry.blocks.includes(verdict.gate)) {
        entry.blocks.push(verdict.gate)
      }
    }
  }
  return [...entries.values()].sort(
    (a, b) =>
      compareSeverity(a.finding.severity, b.finding.severity) ||
      b.blocks.length - a.blocks.length ||
      a.finding.id.localeCompare(b.finding.id),
  )
}

/** Who answers for a finding: its own owner, else its test's. */
export function findingOwner(entry: FindingEntry): string | undefined {
  return entry.finding.owner ?? entry.test?.owner
}

/** Findings per severity, counted once across gates. */
export function countFindings(entries: readonly FindingEntry[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }
  for (const entry of entries) counts[entry.finding.severity]++
  return counts
}

/**
 * The severity each test is reported with: the classified severity of its
 * finding where it has one (most severe across gates), else its declared one.
 */
export function testSeverities(results: Results): Map<string, Severity> {
  const severities = new Map<string, Severity>()
  for (const test of results.tests) {
    if (test.severity !== undefined) severities.set(test.id, test.severity)
  }
  const classified = new Map<string, Severity>()
  for (const verdict of results.verdicts) {
    for (const finding of verdict.findings) {
      if (finding.source !== 'test') continue
      const known = classified.get(finding.id)
      if (known === undefined || compareSeverity(finding.severity, known) < 0) {
        classified.set(finding.id, finding.severity)
      }
    }
  }
  for (const [id, severity] of classified) severities.set(id, severity)
  return severities
}

/** The state of a finding's mitigation. */
export type MitigationState = 'none' | 'valid' | 'expired'

/** Whether a finding has a mitigation that still counts. */
export function mitigationState(finding: Finding): MitigationState {
  if (finding.mitigation === undefined) return 'none'
  return finding.mitigationExpired === true ? 'expired' : 'valid'
}

/** One recommendation of the readiness report; `refs` are the ids it is about. */
export interface Recommendation {
  text: string
  refs: string[]
}

/**
 * What should happen next, derived from the verdicts, findings, health checks,
 * quarantine and the readiness file: the "recommendations" of the Release
 * Readiness Report. Most urgent first.
 */
export function recommendations(results: Results, readiness?: ReadinessFile): Recommendation[] {
  const out: Recommendation[] = []
  const entries = collectFindings(results)
  const { run } = results

  if (!run.complete) {
    out.push({
      text: `Re-run: the run did not complete${run.error === undefined ? '' : ` (${run.error})`}, so no gate can promote on it.`,
      refs: [],
    })
  }
  for (const verdict of results.verdicts) {
    if (verdict.decision === 'error') {
      out.push({
        text: `Resolve the error that kept gate ${verdict.gate} from deciding, then re-run.`,
        refs: [],
      })
    }
  }

  const critical = entries.filter(
    (entry) => entry.finding.severity === 'SEV0' || entry.finding.severity === 'SEV1',
  )
  if (critical.length > 0) {
    out.push({
      text: `Fix ${plural(critical.length, 'SEV0/SEV1 finding')} before promotion${ownersOf(critical)}; a devnet must have zero catastrophic or critical issues.`,
      refs: critical.map((entry) => entry.finding.id),
    })
  }

  const major = entries.filter((entry) => entry.finding.severity === 'SEV2')
  const unmitigated = major.filter((entry) => mitigationState(entry.finding) === 'none')
  if (unmitigated.length > 0) {
    out.push({
      text: `Write a mitigation plan (plan, owner, expiry) for ${plural(unmitigated.length, 'SEV2 finding')}${ownersOf(unmitigated)}.`,
      refs: unmitigated.map((entry) => entry.finding.id),
    })
  }
  const expired = entries.filter((entry) => mitigationState(entry.finding) === 'expired')
  if (expired.length > 0) {
    out.push({
      text: `Renew or resolve ${plural(expired.length, 'expired mitigation')}${ownersOf(expired)}: an expired mitigation does not count.`,
      refs: expired.map((entry) => entry.finding.id),
    })
  }

  const unhealthy = results.health.filter((check) => !check.ok)
  if (unhealthy.length > 0) {
    out.push({
      text: `Investigate ${plural(unhealthy.length, 'failing health check')}: the devnet may not be operational, and tests on it may fail for that reason.`,
      refs: unhealthy.map(healthId),
    })
  }

  if (readiness !== undefined) {
    const open = checklistRows(results, readiness).filter((row) => !row.done)
    const required = open.filter((row) => row.requiredBy.length > 0)
    if (required.length > 0) {
      out.push({
        text: `Complete ${plural(required.length, 'checklist item')} that ${required.length === 1 ? 'a gate requires' : 'gates require'}.`,
        refs: required.map((row) => row.id),
      })
    }
    const optional = open.filter((row) => row.requiredBy.length === 0)
    if (optional.length > 0) {
      out.push({
        text: `Complete or waive ${plural(optional.length, 'open checklist item')}.`,
        refs: optional.map((row) => row.id),
      })
    }
  }

  const quarantined = results.tests.filter((test) => test.quarantined)
  if (quarantined.length > 0) {
    out.push({
      text: `Review ${plural(quarantined.length, 'quarantined test')}: quarantine hides regressions from the gate.`,
      refs: quarantined.map((test) => test.id),
    })
  }
  const flaky = results.tests.filter((test) => test.flaky)
  if (flaky.length > 0) {
    out.push({
      text: `Stabilise ${plural(flaky.length, 'flaky test')} (passed only on a retry).`,
      refs: flaky.map((test) => test.id),
    })
  }
  const minor = entries.filter((entry) => entry.finding.severity === 'SEV3')
  if (minor.length > 0) {
    out.push({
      text: `Track ${plural(minor.length, 'SEV3 finding')} with their owners; they are documented here and do not block.`,
      refs: minor.map((entry) => entry.finding.id),
    })
  }

  if (readiness === undefined) {
    out.push({
      text: 'Provide the readiness file so that the checklist and sign-off are part of this report.',
      refs: [],
    })
  } else if (readiness.signoff === undefined) {
    const allPromote =
      results.verdicts.length > 0 && results.verdicts.every((v) => v.decision === 'promote')
    out.push({
      text: allPromote
        ? 'All gates pass: record the Platforms sign-off to promote.'
        : 'Record the Platforms pass/fail determination (sign-off) in the readiness file.',
      refs: [],
    })
  }
  return out
}

/** The id a health check's finding carries: `health:<chain>:<check>`, then `:<node>` where it names one. */
function healthId(check: HealthCheck): string {
  return [
    'health',
    check.chain,
    check.check,
    ...(check.node === undefined ? [] : [check.node]),
  ].join(':')
}

/** A checklist item as the reports show it. */
export interface ChecklistRow {
  id: string
  title: string
  done: boolean
  links: string[]
  /** Gates that block because this item is not done (or missing). */
  requiredBy: string[]
  /** A gate requires it, but the readiness file does not list it. */
  missing: boolean
}

/**
 * The readiness file's checklist, with the gates that block on each open item
 * (from their `checklist-incomplete` reasons); items a gate requires that the
 * file does not list come last, marked missing.
 */
export function checklistRows(
  results: Results,
  readiness: ReadinessFile | undefined,
): ChecklistRow[] {
  const requiredBy = new Map<string, string[]>()
  for (const verdict of results.verdicts) {
    for (const reason of verdict.reasons) {
      if (reason.rule !== 'checklist-incomplete') continue
      for (const ref of reason.refs) {
        const gates = requiredBy.get(ref) ?? []
        if (!gates.includes(verdict.gate)) gates.push(verdict.gate)
        requiredBy.set(ref, gates)
      }
    }
  }
  const listed = readiness?.checklist ?? []
  const rows: ChecklistRow[] = listed.map((item) => ({
    id: item.id,
    title: item.title,
    done: item.done,
    links: item.links ?? [],
    requiredBy: requiredBy.get(item.id) ?? [],
    missing: false,
  }))
  const known = new Set(listed.map((item) => item.id))
  for (const [id, gates] of requiredBy) {
    if (!known.has(id)) {
      rows.push({ id, title: id, done: false, links: [], requiredBy: gates, missing: true })
    }
  }
  return rows
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function ownersOf(entries: readonly FindingEntry[]): string {
  const owners = [...new Set(entries.flatMap((entry) => findingOwner(entry) ?? []))]
  return owners.length === 0 ? '' : ` (owners: ${owners.sort().join(', ')})`
}
