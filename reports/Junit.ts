import type { Results, TestResult } from '../core/index.js'
import { testSeverities } from './Findings.js'
import type { ReportContext } from './ReportContext.js'
import { errorText, firstLine, stripAnsi } from './Text.js'

/**
 * junit.xml: one `<testsuite>` per feature, so that CI test tabs group tests the
 * way the gates do. Quarantined tests keep their real status here; JUnit
 * consumers show tests, the gate's verdict lives in the other reports.
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

/** Text for XML character data: illegal characters removed, `&`, `<`, `>` escaped. */
export function escapeXmlText(text: string): string {
  return stripInvalidXmlCharacters(stripAnsi(text)).replace(/[&<>]/g, (c) => textEscapes[c] ?? c)
}

/** Text for a double-quoted XML attribute value; line breaks survive as character references. */
export function escapeXmlAttribute(text: string): string {
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

function testcase(test: TestResult, severity: string | undefined, pathPrefix: string): string {
  const open = `    <testcase${attributes({
    classname: className(test),
    name: test.name,
    time: seconds(test.durationMs),
    file: joinPath(pathPrefix, test.file),
    line: test.line,
  })}>`
  const properties: [string, string][] = [
    ['id', test.id],
    ['feature', test.feature],
  ]
  if (test.owner !== undefined) properties.push(['owner', test.owner])
  if (severity !== undefined) properties.push(['severity', severity])
  properties.push(['status', test.status])
  if (test.attempts > 1) properties.push(['attempts', String(test.attempts)])
  if (test.flaky) properties.push(['flaky', 'true'])
  if (test.quarantined) properties.push(['quarantined', 'true'])
  for (const annotation of test.annotations) {
    properties.push([`annotation:${annotation.type}`, annotation.message])
  }
  const body = [
    '      <properties>',
    ...properties.map(([name, value]) => `        <property${attributes({ name, value })}/>`),
    '      </properties>',
  ]
  const message = test.error?.message ?? ''
  switch (test.status) {
    case 'failed':
    case 'timedOut': {
      const type = test.status === 'timedOut' ? 'timeout' : (errorType(message) ?? 'AssertionError')
      body.push(
        `      <failure${attributes({ message: firstLine(message) || test.status, type })}>${escapeXmlText(errorText(test.error))}</failure>`,
      )
      break
    }
    case 'errored':
      body.push(
        `      <error${attributes({ message: firstLine(message) || 'errored', type: errorType(message) ?? 'Error' })}>${escapeXmlText(errorText(test.error))}</error>`,
      )
      break
    case 'skipped':
      body.push(`      <skipped${attributes({ message: test.skipReason })}/>`)
      break
    case 'passed':
      break
  }
  return [open, ...body, '    </testcase>'].join('\n')
}

/**
 * Renders junit.xml: `<testsuites>` with one `<testsuite>` per feature; each
 * test a `<testcase>` with `classname` (`file > describe`), `name`, `time` in
 * seconds, `file` (and `line`); `<failure>` for failed and timed-out tests,
 * `<error>` for errored ones, `<skipped>` with the reason; feature, owner,
 * severity, status, flakiness, quarantine and annotations as `<properties>`.
 * Every value is XML-escaped and stripped of characters XML 1.0 forbids.
 *
 * @param results The results of one run.
 * @param context `pathPrefix` joined before each file (default `''`: paths stay
 *   relative to the suites root).
 */
export function renderJunit(results: Results, context: ReportContext = {}): string {
  const pathPrefix = context.pathPrefix ?? ''
  const severities = testSeverities(results)
  const byFeature = new Map<string, TestResult[]>()
  for (const test of results.tests) {
    const list = byFeature.get(test.feature)
    if (list === undefined) byFeature.set(test.feature, [test])
    else list.push(test)
  }
  const totals = tally(results.tests)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({
      name: `signalbox ${results.run.id}`,
      tests: totals.tests,
      failures: totals.failures,
      errors: totals.errors,
      skipped: totals.skipped,
      time: seconds(totals.timeMs),
      timestamp: results.run.startedAt,
    })}>`,
  ]
  const runProperties: [string, string][] = [
    ['run', results.run.id],
    ['devnet', `${results.run.devnet.name} (${results.run.devnet.backend})`],
    ...results.verdicts.map((v): [string, string] => [`gate:${v.gate}`, v.decision]),
  ]
  if (results.run.gitCommit !== undefined) runProperties.push(['commit', results.run.gitCommit])
  if (!results.run.complete) runProperties.push(['complete', 'false'])

  for (const [feature, tests] of [...byFeature].sort(([a], [b]) => a.localeCompare(b))) {
    const counts = tally(tests)
    lines.push(
      `  <testsuite${attributes({
        name: feature,
        tests: counts.tests,
        failures: counts.failures,
        errors: counts.errors,
        skipped: counts.skipped,
        time: seconds(counts.timeMs),
        timestamp: results.run.startedAt,
      })}>`,
      '    <properties>',
      ...[['feature', feature] as [string, string], ...runProperties].map(
        ([name, value]) => `      <property${attributes({ name, value })}/>`,
      ),
      '    </properties>',
      ...tests.map((test) => testcase(test, severities.get(test.id), pathPrefix)),
      '  </testsuite>',
    )
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

function tally(tests: readonly TestResult[]): {
  tests: number
  failures: number
  errors: number
  skipped: number
  timeMs: number
} {
  const out = { tests: tests.length, failures: 0, errors: 0, skipped: 0, timeMs: 0 }
  for (const test of tests) {
    if (test.status === 'failed' || test.status === 'timedOut') out.failures++
    else if (test.status === 'errored') out.errors++
    else if (test.status === 'skipped') out.skipped++
    out.timeMs += test.durationMs
  }
  return out
}
