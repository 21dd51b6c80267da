import { describe, expect, test } from 'vitest'
import { parseStringPromise } from 'xml2js'
import type { TestResult } from '../core/index.js'
import {
  fixtureIds,
  fixtureResults,
  hostileName,
  hostileResults,
} from '../test/fixtures/reports.js'
import {
  escapeXmlAttribute,
  escapeXmlText,
  joinPath,
  renderJunit,
  stripInvalidXmlCharacters,
} from './Junit.js'

// xml2js is the parser dorny/test-reporter reads JUnit files with; these types
// describe the shape it returns (attributes under `$`, text under `_`).
interface Attrs {
  $: Record<string, string>
}
interface Outcome extends Partial<Attrs> {
  _?: string
}
interface ParsedCase extends Attrs {
  properties?: { property: Attrs[] }[]
  failure?: (Outcome | string)[]
  error?: (Outcome | string)[]
  skipped?: (Outcome | string)[]
}
interface ParsedSuite extends Attrs {
  properties?: { property: Attrs[] }[]
  testcase?: ParsedCase[]
}
interface ParsedReport {
  testsuites: Attrs & { testsuite: ParsedSuite[] }
}

async function parse(xml: string): Promise<ParsedReport> {
  return (await parseStringPromise(xml)) as ParsedReport
}

function outcome(node: (Outcome | string)[] | undefined): Outcome | undefined {
  const first = node?.[0]
  if (first === undefined) return undefined
  return typeof first === 'string' ? { _: first } : first
}

function properties(node: { properties?: { property: Attrs[] }[] }): Record<string, string> {
  const out: Record<string, string> = {}
  for (const property of node.properties?.[0]?.property ?? []) {
    out[property.$.name ?? ''] = property.$.value ?? ''
  }
  return out
}

function allCases(report: ParsedReport): ParsedCase[] {
  return report.testsuites.testsuite.flatMap((suite) => suite.testcase ?? [])
}

describe('renderJunit', () => {
  test('one testsuite per feature, with counts that match the results', async () => {
    const results = fixtureResults()
    const report = await parse(renderJunit(results))
    const suites = report.testsuites.testsuite
    const features = [...new Set(results.tests.map((t) => t.feature))].sort()
    expect(suites.map((suite) => suite.$.name)).toEqual(features)
    for (const suite of suites) {
      const tests = results.tests.filter((t) => t.feature === suite.$.name)
      const count = (pred: (t: TestResult) => boolean): string => String(tests.filter(pred).length)
      expect(suite.$).toMatchObject({
        tests: String(tests.length),
        failures: count((t) => t.status === 'failed' || t.status === 'timedOut'),
        errors: count((t) => t.status === 'errored'),
        skipped: count((t) => t.status === 'skipped'),
      })
      expect(suite.testcase).toHaveLength(tests.length)
      // The consumer's own view: count the outcome elements it found.
      const cases = suite.testcase ?? []
      expect(String(cases.filter((c) => c.failure !== undefined).length)).toBe(suite.$.failures)
      expect(String(cases.filter((c) => c.error !== undefined).length)).toBe(suite.$.errors)
      expect(String(cases.filter((c) => c.skipped !== undefined).length)).toBe(suite.$.skipped)
    }
    expect(report.testsuites.$).toMatchObject({
      tests: '17',
      failures: '5',
      errors: '1',
      skipped: '2',
      timestamp: '2026-11-20T14:02:11.000Z',
    })
  })

  test('testcase carries classname, name, time in seconds, file and line', async () => {
    const report = await parse(renderJunit(fixtureResults(), { pathPrefix: 'suites/' }))
    const relay = allCases(report).find((c) => c.$.name === 'message from A is relayed to B')
    expect(relay?.$).toEqual({
      classname: 'interop/messaging.accept.ts > cross-chain messages',
      name: 'message from A is relayed to B',
      time: '64.551',
      file: 'suites/interop/messaging.accept.ts',
      line: '27',
    })
  })

  test('failed and timed-out tests are failures with message, type and the stack as text', async () => {
    const report = await parse(renderJunit(fixtureResults()))
    const cases = allCases(report)
    const baseFee = cases.find((c) => c.$.name === 'base fee rises under sustained load')
    const failure = outcome(baseFee?.failure)
    expect(failure?.$).toEqual({
      message: 'AssertionError: expected 1000000007n to be greater than 1000000007n',
      type: 'AssertionError',
    })
    expect(failure?._).toContain('+ Received: 1000000007n')
    expect(failure?._).toContain('at fees/base-fee.accept.ts:48:31')

    const withdrawal = cases.find((c) => c.$.name === 'withdrawal proves and finalizes')
    expect(outcome(withdrawal?.failure)?.$).toEqual({
      message: 'Error: Test timed out in 120000ms.',
      type: 'timeout',
    })
  })

  test('errored tests are errors, skipped tests carry their reason', async () => {
    const cases = allCases(await parse(renderJunit(fixtureResults())))
    const supervisor = cases.find((c) => c.$.name === 'safe head advances on both chains')
    expect(supervisor?.failure).toBeUndefined()
    expect(outcome(supervisor?.error)?.$).toEqual({
      message: "TypeError: Cannot read properties of undefined (reading 'safe')",
      type: 'TypeError',
    })
    const erc20 = cases.find((c) => c.$.name === 'ERC-20 withdrawal finalizes')
    expect(outcome(erc20?.skipped)?.$).toEqual({
      message: 'fault proofs are disabled on this devnet (no DisputeGameFactory)',
    })
    const trace = cases.find((c) => c.$.name === 'debug_traceTransaction with callTracer')
    expect(trace?.skipped).toHaveLength(1)
  })

  test('severity, owner, feature, flakiness, quarantine and annotations are properties', async () => {
    const cases = allCases(await parse(renderJunit(fixtureResults())))
    const relay = cases.find((c) => c.$.name === 'message from A is relayed to B')
    // The classified severity (SEV0 by a rule), not the declared SEV1.
    expect(properties(relay ?? {})).toEqual({
      id: fixtureIds.relay,
      feature: 'interop',
      owner: 'interop-team',
      severity: 'SEV0',
      status: 'failed',
      'annotation:relay-latency': 'p50 4.1s, p99 timed out',
    })
    const flaky = cases.find((c) => c.$.name === 'operator fee is charged')
    expect(properties(flaky ?? {})).toMatchObject({ flaky: 'true', attempts: '2' })
    const quarantined = cases.find((c) => c.$.name === 'blocks are produced every 2s')
    expect(properties(quarantined ?? {})).toMatchObject({ quarantined: 'true' })
    expect(quarantined?.failure).toHaveLength(1)
  })

  test('suite properties name the run, the devnet and each gate decision', async () => {
    const report = await parse(renderJunit(fixtureResults()))
    const suite = report.testsuites.testsuite[0]
    expect(properties(suite ?? {})).toMatchObject({
      run: '2026-11-20T14-02-11Z-7f3a9c',
      devnet: 'interop-devnet-7 (kurtosis)',
      'gate:alphanet': 'promote',
      'gate:betanet': 'block',
    })
  })

  test('hostile names and messages survive escaping exactly, minus illegal characters', async () => {
    const xml = renderJunit(hostileResults())
    // Nothing XML 1.0 forbids is left for a stricter consumer to choke on.
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u)
    expect(xml).not.toContain('<script>')
    const cases = allCases(await parse(xml))
    const script = cases.find((c) => c.$.name === hostileName)
    expect(script).toBeDefined()
    const failure = outcome(script?.failure)
    expect(failure?.$?.message).toBe('</script><img src=x onerror=alert(2)> | broken')
    expect(failure?._).toContain('**bold** [link](javascript:alert(3))')
    expect(properties(script ?? {})['annotation:<b>type</b>']).toBe(
      '<iframe src="https://example.org">',
    )

    const pipes = cases.find((c) => c.$.name?.startsWith('pipes'))
    // The newline in the name is kept as a character reference, the control and
    // ANSI characters are gone.
    expect(pipes?.$.name).toBe('pipes | and\nnewlines & "quotes" ')
    expect(outcome(pipes?.error)?.$?.message).toBe(
      'bad  chars  and a lone  surrogate ]]> %0A::error::x',
    )
  })

  test('an empty run is a well-formed document with zero tests', async () => {
    const results = fixtureResults()
    results.tests = []
    const report = await parse(renderJunit(results))
    expect(report.testsuites.$.tests).toBe('0')
    expect(report.testsuites.testsuite).toBeUndefined()
  })
})

describe('XML escaping', () => {
  test('text escapes markup, attributes also quotes and line breaks', () => {
    expect(escapeXmlText('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"')
    expect(escapeXmlAttribute(`"it's"\n\tx\r`)).toBe('&quot;it&apos;s&quot;&#10;&#9;x&#13;')
  })

  test('strips characters XML 1.0 forbids, keeps astral characters', () => {
    expect(stripInvalidXmlCharacters('a\u0000b\u0008c\u000bd\uFFFEe\uD800f🚦\t\n')).toBe(
      'abcdef🚦\t\n',
    )
  })

  test('joins a path prefix with forward slashes', () => {
    expect(joinPath('', 'a/b.ts')).toBe('a/b.ts')
    expect(joinPath('suites/', './a/b.ts')).toBe('suites/a/b.ts')
    expect(joinPath('pkg\\suites', 'a/b.ts')).toBe('pkg/suites/a/b.ts')
  })
})
