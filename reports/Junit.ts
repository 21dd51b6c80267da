import {
  type HealthCheck,
  healthFindingId,
  type Results,
  severities,
  type TestResult,
  type Verdict,
} from '../core/index.js'
import { collectFindings, testSeverities } from './Findings.js'
import type { ReportContext } from './ReportContext.js'
import { errorText, firstLine, stripAnsi } from './Text.js'

/**
 * junit.xml: one `<testsuite>` per feature, so that CI test tabs group tests the
 * way the gates do, then the devnet's health checks and each gate's verdict as
 * test cases of their own, so that a run that did not promote never reads
 * green. Quarantined tests keep their real status here. The document is valid
 * against the Jenkins JUnit schema, which CI tools read.
 */

// XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF;
// with the `u` flag a lone surrogate is one code point outside those ranges.
const illegalXmlCharacters = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Removes the characters XML 1.0 does not allow (NUL, most C0 controls, lone surrogates, U+FFFE/F). */
export function stripInvalidXmlCharacters(text: string): string {
  return text.replace(illegalXmlCharacters, '')
}

const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
const attributeEscapes: Record<string, string> = {
  ...textEscapes,
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalisation would turn these into spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}

// Text that needs no escaping at all: printable ASCII (and, in character data, line breaks
// and tabs) without markup characters. Most of a report is such text, thousands of times.
const plainText = /^[\t\n\r\u0020-\u0025\u0027-\u003b\u003d\u003f-\u007e]*$/
const plainAttribute = /^[\u0020\u0021\u0023-\u0025\u0028-\u003b\u003d\u003f-\u007e]*$/

/** Text for XML character data: illegal characters removed, `&`, `<`, `>` escaped. */
export function escapeXmlText(text: string): string {
  if (plainText.test(text)) return text
  return stripInvalidXmlCharacters(stripAnsi(text)).replace(/[&<>]/g, (c) => textEscapes[c] ?? c)
}

/** Text for a double-quoted XML attribute value; line breaks survive as character references. */
export function escapeXmlAttribute(text: string): string {
  if (plainAttribute.test(text)) return text
  return stripInvalidXmlCharacters(stripAnsi(text)).replace(
    /[&<>"'\t\n\r]/g,
    (c) => attributeEscapes[c] ?? c,
  )
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('')
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}

/** `Error`, `AssertionError`, … from `AssertionError: expected …`, where the message starts with one. */
function errorType(message: string): string | undefined {
  return /^\s*([A-Z][\w$]*(?:Error|Exception))\b/.exec(message)?.[1]
}

/** Joins a repo-relative prefix and a path relative to the suites root, with forward slashes. */
export function joinPath(prefix: string, file: string): string {
  const head = prefix.replace(/\\/g, '/').replace(/\/+$/, '')
  const tail = file.replace(/\\/g, '/').replace(/^\.\//, '')
  return head === '' || head === '.' ? tail : `${head}/${tail}`
}

/** `file > describe` of a test id: the test's id without its own name. */
function className(test: TestResult): string {
  const suffix = ` > ${test.name}`
  return test.id.endsWith(suffix) ? test.id.slice(0, -suffix.length) : test.file
}

// Where what signalbox knows of a test goes. The Jenkins JUnit schema
// (reports/fixtures/junit/jenkins-junit.xsd) has no `<properties>` inside a
// `<testcase>`, no `file` or `line` attribute and no attribute on `<skipped>`.
// CI test views show a case's name, the failure's `message`, its text and the
// case's `<system-out>`: Jenkins reads `failure@message` as the error message
// and `system-out` as the test's stdout (jenkinsci/junit-plugin,
// src/main/java/hudson/tasks/junit/CaseResult.java, commit c64aedde777764477e8a1885bcc8ae5d0b2eb29b),
// GitLab shows the failure's text followed by `System Out:` and, for a skip,
// the `<skipped>` text (gitlabhq/gitlabhq, lib/gitlab/ci/parsers/test/junit.rb,
// commit d23f0cff3ca412a36fcefbb25dc4b36d2941a7de). So the severity and owner
// lead a failure's message, where a person reading a red test looks first; the
// feature is the suite's name; every detail (severity, owner, feature, id,
// file:line, status, retries, quarantine, annotations) is in `<system-out>`.
// `classname` and `name` stay the test's identity, without the severity, so a
// triage does not rename a test and CI keeps its history.

/** `[SEV0, owner bridge-team] ` before a failure's message; empty where neither is known. */
function findingLabel(severity: string | undefined, owner: string | undefined): string {
  const parts = [severity, owner === undefined ? undefined : `owner ${owner}`].filter(
    (part) => part !== undefined,
  )
  return parts.length === 0 ? '' : `[${parts.join(', ')}] `
}

function systemOut(lines: readonly (readonly [string, string | number | undefined])[]): string {
  const text = lines
    .filter((line): line is readonly [string, string | number] => line[1] !== undefined)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n')
  return `      <system-out>${escapeXmlText(text)}</system-out>`
}

function testcase(test: TestResult, severity: string | undefined, pathPrefix: string): string {
  const open = `    <testcase${attributes({
    classname: className(test),
    name: test.name,
    time: seconds(test.durationMs),
  })}>`
  const file = joinPath(pathPrefix, test.file)
  const details: [string, string | number | undefined][] = [
    ['severity', severity],
    ['owner', test.owner],
    ['feature', test.feature],
    ['id', test.id],
    ['file', test.line === undefined ? file : `${file}:${test.line}`],
    ['status', test.status],
    ['attempts', test.attempts > 1 ? test.attempts : undefined],
    ['flaky', test.flaky ? 'true' : undefined],
    ['quarantined', test.quarantined ? 'true' : undefined],
    ...test.annotations.map((a): [string, string] => [`annotation ${a.type}`, a.message]),
  ]
  const body: string[] = []
  const message = test.error?.message ?? ''
  const label = findingLabel(severity, test.owner)
  switch (test.status) {
    case 'failed':
    case 'timedOut': {
      const type = test.status === 'timedOut' ? 'timeout' : (errorType(message) ?? 'AssertionError')
      body.push(
        `      <failure${attributes({ message: label + (firstLine(message) || test.status), type })}>${escapeXmlText(errorText(test.error))}</failure>`,
      )
      break
    }
    case 'errored':
      body.push(
        `      <error${attributes({ message: label + (firstLine(message) || 'errored'), type: errorType(message) ?? 'Error' })}>${escapeXmlText(errorText(test.error))}</error>`,
      )
      break
    case 'skipped':
      // The schema's <skipped> is text only; Jenkins reads its text where it has no message.
      body.push(`      <skipped>${escapeXmlText(test.skipReason ?? '')}</skipped>`)
      break
    case 'passed':
      break
  }
  body.push(systemOut(details))
  return [open, ...body, '    </testcase>'].join('\n')
}

/** One health check as a test case: a failed check is a failure (a SEV0 finding where judged). */
function healthcase(check: HealthCheck, severity: string | undefined): string {
  const where = check.node === undefined ? check.chain : `${check.chain} (${check.node})`
  const body: string[] = []
  if (!check.ok) {
    body.push(
      `      <failure${attributes({ message: `${findingLabel(severity, undefined)}${check.check} failed on ${where}: ${firstLine(check.detail)}`, type: 'HealthCheck' })}>${escapeXmlText(check.detail)}</failure>`,
    )
  }
  body.push(
    systemOut([
      ['severity', check.ok ? undefined : severity],
      ['id', healthFindingId(check)],
      ['detail', check.detail],
    ]),
  )
  return [
    `    <testcase${attributes({ classname: `devnet health > ${check.chain}`, name: check.node === undefined ? check.check : `${check.check} (${check.node})`, time: seconds(0) })}>`,
    ...body,
    '    </testcase>',
  ].join('\n')
}

/**
 * One gate's verdict as a test case: passed when it promotes, a failure when
 * it blocks, an error saying why when the run could not decide. Without it, a
 * run that tested nothing (a devnet that never came up, a bad descriptor, an
 * interrupted run) would be `tests="0"`, which every CI test view shows green.
 */
function gatecase(verdict: Verdict, run: Results['run']): string {
  const reasons = verdict.reasons.map((reason) => `${reason.rule}: ${reason.message}`)
  const body: string[] = []
  if (verdict.decision === 'block') {
    body.push(
      `      <failure${attributes({ message: `gate ${verdict.gate} blocks: ${firstLine(verdict.reasons[0]?.message ?? 'no reason was recorded')}`, type: 'GateBlocked' })}>${escapeXmlText(reasons.join('\n'))}</failure>`,
    )
  } else if (verdict.decision === 'error') {
    const why = verdict.reasons[0]?.message ?? run.error ?? 'the run did not complete'
    body.push(
      `      <error${attributes({ message: `gate ${verdict.gate} could not be decided: ${firstLine(why)}`, type: 'RunError' })}>${escapeXmlText([...reasons, ...(run.error === undefined ? [] : [`run error: ${run.error}`])].join('\n'))}</error>`,
    )
  }
  body.push(
    systemOut([
      ['decision', verdict.decision],
      ...severities.map((sev): [string, number] => [sev, verdict.counts[sev]]),
    ]),
  )
  return [
    `    <testcase${attributes({ classname: 'signalbox gate', name: verdict.gate, time: seconds(0) })}>`,
    ...body,
    '    </testcase>',
  ].join('\n')
}

/** The error case of a run that could not decide and has no verdict to say so. */
function runErrorCase(run: Results['run']): string {
  const why = run.error ?? 'the run stopped before every selected test reported'
  return [
    `    <testcase${attributes({ classname: 'signalbox gate', name: 'run', time: seconds(0) })}>`,
    `      <error${attributes({ message: `the run could not decide: ${firstLine(why)}`, type: 'RunError' })}>${escapeXmlText(why)}</error>`,
    '    </testcase>',
  ].join('\n')
}

interface Counts {
  tests: number
  failures: number
  errors: number
  skipped: number
  timeMs: number
}

function suite(
  name: string,
  counts: Counts,
  startedAt: string,
  properties: readonly [string, string][],
  cases: readonly string[],
): string[] {
  return [
    `  <testsuite${attributes({
      name,
      tests: counts.tests,
      failures: counts.failures,
      errors: counts.errors,
      skipped: counts.skipped,
      time: seconds(counts.timeMs),
      timestamp: startedAt,
    })}>`,
    '    <properties>',
    ...properties.map(([n, value]) => `      <property${attributes({ name: n, value })}/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
  ]
}

/** The suite of the health checks, beside the features' suites (no feature is called so). */
export const healthSuiteName = 'devnet health'
/** The suite of the gates' verdicts, beside the features' suites (no feature is called so). */
export const gateSuiteName = 'signalbox gates'

/**
 * Renders junit.xml, valid against the Jenkins JUnit schema
 * (reports/fixtures/junit/jenkins-junit.xsd): `<testsuites>` with one
 * `<testsuite>` per feature, each test a `<testcase>` with `classname`
 * (`file > describe`), `name` and `time` in seconds; `<failure>` for failed
 * and timed-out tests, `<error>` for errored ones, `<skipped>` with the reason
 * as text. The severity (as classified, triage included) and owner lead a
 * failure's message; severity, owner, feature, id, file and line, status,
 * retries, quarantine and annotations are the case's `<system-out>`; the run,
 * devnet, commit and gate decisions are suite `<properties>`. A suite
 * `devnet health` holds each health check (a failed one is a failure) and a
 * suite `signalbox gates` each gate's verdict (a block is a failure, a run that
 * could not decide an error), so no run that did not promote reads green.
 * Quarantined tests keep their real status. Every value is XML-escaped and
 * stripped of characters XML 1.0 forbids.
 *
 * @param results The results of one run, judged (with the readiness file's triage, where given).
 * @param context `pathPrefix` joined before each file (default `''`: paths stay
 *   relative to the suites root).
 */
export function renderJunit(results: Results, context: ReportContext = {}): string {
  const pathPrefix = context.pathPrefix ?? ''
  const severityOf = testSeverities(results)
  const healthSeverity = new Map(
    collectFindings(results)
      .filter((entry) => entry.finding.source === 'health')
      .map((entry) => [entry.finding.id, entry.finding.severity]),
  )
  const byFeature = new Map<string, TestResult[]>()
  for (const test of results.tests) {
    const list = byFeature.get(test.feature)
    if (list === undefined) byFeature.set(test.feature, [test])
    else list.push(test)
  }
  const runProperties: [string, string][] = [
    ['run', results.run.id],
    ['devnet', `${results.run.devnet.name} (${results.run.devnet.backend})`],
    ...results.verdicts.map((v): [string, string] => [`gate:${v.gate}`, v.decision]),
  ]
  if (results.run.gitCommit !== undefined) runProperties.push(['commit', results.run.gitCommit])
  if (!results.run.complete) runProperties.push(['complete', 'false'])
  if (results.run.error !== undefined) runProperties.push(['error', results.run.error])

  const suites: string[] = []
  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, timeMs: 0 }
  const add = (name: string, counts: Counts, properties: [string, string][], cases: string[]) => {
    for (const key of ['tests', 'failures', 'errors', 'skipped', 'timeMs'] as const) {
      totals[key] += counts[key]
    }
    suites.push(...suite(name, counts, results.run.startedAt, properties, cases))
  }
  for (const [feature, tests] of [...byFeature].sort(([a], [b]) => a.localeCompare(b))) {
    add(
      feature,
      tally(tests),
      [['feature', feature], ...runProperties],
      tests.map((test) => testcase(test, severityOf.get(test.id), pathPrefix)),
    )
  }
  if (results.health.length > 0) {
    const failed = results.health.filter((check) => !check.ok).length
    add(
      healthSuiteName,
      { tests: results.health.length, failures: failed, errors: 0, skipped: 0, timeMs: 0 },
      runProperties,
      results.health.map((check) => healthcase(check, healthSeverity.get(healthFindingId(check)))),
    )
  }
  const undecided = !results.run.complete || results.run.error !== undefined
  const gateCases = results.verdicts.map((verdict) => gatecase(verdict, results.run))
  const gateCounts: Counts = {
    tests: results.verdicts.length,
    failures: results.verdicts.filter((v) => v.decision === 'block').length,
    errors: results.verdicts.filter((v) => v.decision === 'error').length,
    skipped: 0,
    timeMs: 0,
  }
  // A run that could not decide says so even where no verdict was recorded.
  if (undecided && gateCounts.errors === 0) {
    gateCases.push(runErrorCase(results.run))
    gateCounts.tests++
    gateCounts.errors++
  }
  if (gateCases.length > 0) add(gateSuiteName, gateCounts, runProperties, gateCases)

  // The schema allows neither `skipped` nor `timestamp` on <testsuites>.
  return `${[
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({
      name: `signalbox ${results.run.id}`,
      tests: totals.tests,
      failures: totals.failures,
      errors: totals.errors,
      time: seconds(totals.timeMs),
    })}>`,
    ...suites,
    '</testsuites>',
  ].join('\n')}\n`
}

function tally(tests: readonly TestResult[]): Counts {
  const out = { tests: tests.length, failures: 0, errors: 0, skipped: 0, timeMs: 0 }
  for (const test of tests) {
    if (test.status === 'failed' || test.status === 'timedOut') out.failures++
    else if (test.status === 'errored') out.errors++
    else if (test.status === 'skipped') out.skipped++
    out.timeMs += test.durationMs
  }
  return out
}
