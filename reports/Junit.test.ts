import fc from 'fast-check'
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
  gateSuiteName,
  healthSuiteName,
  joinPath,
  renderJunit,
  stripInvalidXmlCharacters,
} from './Junit.js'
import { stripAnsi } from './Text.js'

// xml2js is the parser dorny/test-reporter reads JUnit files with; these types
// describe the shape it returns (attributes under `$`, text under `_`).
interface Attrs {
  $: Record<string, string>
}
interface Outcome extends Partial<Attrs> {
  _?: string
}
interface ParsedCase extends Attrs {
  failure?: (Outcome | string)[]
  error?: (Outcome | string)[]
  skipped?: (Outcome | string)[]
  'system-out'?: string[]
}
interface ParsedSuite extends Attrs {
  properties?: { property: Attrs[] }[]
  testcase?: ParsedCase[]
}
interface ParsedReport {
  testsuites: Attrs & { testsuite?: ParsedSuite[] }
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

/** A case's `<system-out>` read back as `name: value` lines. */
function details(node: ParsedCase | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of (node?.['system-out']?.[0] ?? '').split('\n')) {
    const at = line.indexOf(': ')
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 2)
  }
  return out
}

function suites(report: ParsedReport): ParsedSuite[] {
  return report.testsuites.testsuite ?? []
}

function suiteNamed(report: ParsedReport, name: string): ParsedSuite | undefined {
  return suites(report).find((suite) => suite.$.name === name)
}

function allCases(report: ParsedReport): ParsedCase[] {
  return suites(report).flatMap((suite) => suite.testcase ?? [])
}

describe('renderJunit', () => {
  test('one testsuite per feature, with counts that match the results', async () => {
    const results = fixtureResults()
    const report = await parse(renderJunit(results))
    const features = [...new Set(results.tests.map((t) => t.feature))].sort()
    expect(suites(report).map((suite) => suite.$.name)).toEqual([
      ...features,
      healthSuiteName,
      gateSuiteName,
    ])
    for (const suite of suites(report)) {
      // The consumer's own view: count the outcome elements it found.
      const cases = suite.testcase ?? []
      expect(suite.$.tests).toBe(String(cases.length))
      expect(String(cases.filter((c) => c.failure !== undefined).length)).toBe(suite.$.failures)
      expect(String(cases.filter((c) => c.error !== undefined).length)).toBe(suite.$.errors)
      expect(String(cases.filter((c) => c.skipped !== undefined).length)).toBe(suite.$.skipped)
      if (!features.includes(suite.$.name ?? '')) continue
      const tests = results.tests.filter((t) => t.feature === suite.$.name)
      const count = (pred: (t: TestResult) => boolean): string => String(tests.filter(pred).length)
      expect(suite.$).toMatchObject({
        tests: String(tests.length),
        failures: count((t) => t.status === 'failed' || t.status === 'timedOut'),
        errors: count((t) => t.status === 'errored'),
        skipped: count((t) => t.status === 'skipped'),
      })
    }
    const failedTests = results.tests.filter(
      (t) => t.status === 'failed' || t.status === 'timedOut',
    )
    // Tests, then every health check, then every gate; a failed check and a block are failures.
    expect(report.testsuites.$).toEqual({
      name: `signalbox ${results.run.id}`,
      tests: String(results.tests.length + results.health.length + results.verdicts.length),
      failures: String(
        failedTests.length +
          results.health.filter((c) => !c.ok).length +
          results.verdicts.filter((v) => v.decision === 'block').length,
      ),
      errors: String(results.tests.filter((t) => t.status === 'errored').length),
      time: expect.any(String),
    })
  })

  test('testcase carries classname, name and time in seconds; file:line in its output', async () => {
    const report = await parse(renderJunit(fixtureResults(), { pathPrefix: 'suites/' }))
    const relay = allCases(report).find((c) => c.$.name === 'message from A is relayed to B')
    expect(relay?.$).toEqual({
      classname: 'interop/messaging.accept.ts > cross-chain messages',
      name: 'message from A is relayed to B',
      time: '64.551',
    })
    expect(details(relay).file).toBe('suites/interop/messaging.accept.ts:27')
  })

  test('failed and timed-out tests are failures with severity, owner, message, type and the stack', async () => {
    const report = await parse(renderJunit(fixtureResults()))
    const cases = allCases(report)
    const baseFee = cases.find((c) => c.$.name === 'base fee rises under sustained load')
    const failure = outcome(baseFee?.failure)
    expect(failure?.$).toEqual({
      message:
        '[SEV2, owner fees-team] AssertionError: expected 1000000007n to be greater than 1000000007n',
      type: 'AssertionError',
    })
    expect(failure?._).toContain('+ Received: 1000000007n')
    expect(failure?._).toContain('at fees/base-fee.accept.ts:48:31')

    const withdrawal = cases.find((c) => c.$.name === 'withdrawal proves and finalizes')
    expect(outcome(withdrawal?.failure)?.$).toEqual({
      message: '[SEV2, owner bridge-team] Error: Test timed out in 120000ms.',
      type: 'timeout',
    })
  })

  test('errored tests are errors, skipped tests carry their reason as text', async () => {
    const cases = allCases(await parse(renderJunit(fixtureResults())))
    const supervisor = cases.find((c) => c.$.name === 'safe head advances on both chains')
    expect(supervisor?.failure).toBeUndefined()
    expect(outcome(supervisor?.error)?.$).toEqual({
      message:
        "[SEV1, owner interop-team] TypeError: Cannot read properties of undefined (reading 'safe')",
      type: 'TypeError',
    })
    const erc20 = cases.find((c) => c.$.name === 'ERC-20 withdrawal finalizes')
    expect(outcome(erc20?.skipped)).toEqual({
      _: 'fault proofs are disabled on this devnet (no DisputeGameFactory)',
    })
    const trace = cases.find((c) => c.$.name === 'debug_traceTransaction with callTracer')
    expect(trace?.skipped).toHaveLength(1)
  })

  test('severity, owner, feature, flakiness, quarantine and annotations are in the case output', async () => {
    const cases = allCases(await parse(renderJunit(fixtureResults())))
    const relay = cases.find((c) => c.$.name === 'message from A is relayed to B')
    // The classified severity (SEV0 by a rule), not the declared SEV1.
    expect(details(relay)).toEqual({
      severity: 'SEV0',
      owner: 'interop-team',
      feature: 'interop',
      id: fixtureIds.relay,
      file: 'interop/messaging.accept.ts:27',
      status: 'failed',
      'annotation relay-latency': 'p50 4.1s, p99 timed out',
    })
    expect(outcome(relay?.failure)?.$?.message).toMatch(/^\[SEV0, owner interop-team\] /)
    const flaky = cases.find((c) => c.$.name === 'operator fee is charged')
    expect(details(flaky)).toMatchObject({ flaky: 'true', attempts: '2' })
    const quarantined = cases.find((c) => c.$.name === 'blocks are produced every 2s')
    expect(details(quarantined)).toMatchObject({ quarantined: 'true' })
    expect(quarantined?.failure).toHaveLength(1)
  })

  test('a triage override in the judged results is the severity written', async () => {
    const results = fixtureResults()
    for (const verdict of results.verdicts) {
      for (const finding of verdict.findings) {
        if (finding.id === fixtureIds.relay) finding.severity = 'SEV3'
      }
    }
    const relay = allCases(await parse(renderJunit(results))).find(
      (c) => c.$.name === 'message from A is relayed to B',
    )
    expect(details(relay).severity).toBe('SEV3')
    expect(outcome(relay?.failure)?.$?.message).toMatch(/^\[SEV3, owner interop-team\] /)
  })

  test('suite properties name the run, the devnet and each gate decision', async () => {
    const report = await parse(renderJunit(fixtureResults()))
    const suite = suites(report)[0]
    expect(properties(suite ?? {})).toMatchObject({
      run: '2026-11-20T14-02-11Z-7f3a9c',
      devnet: 'interop-devnet-7 (kurtosis)',
      'gate:alphanet': 'promote',
      'gate:betanet': 'block',
    })
  })

  test('every health check is a case; a failed one is a SEV0 failure naming chain, node and detail', async () => {
    const results = fixtureResults()
    const health = suiteNamed(await parse(renderJunit(results)), healthSuiteName)
    expect(health?.testcase).toHaveLength(results.health.length)
    const stuck = health?.testcase?.find((c) => c.failure !== undefined)
    expect(stuck?.$).toMatchObject({
      classname: 'devnet health > op-devnet-1',
      name: 'head-advancing (op-geth-1)',
    })
    expect(outcome(stuck?.failure)?.$?.message).toBe(
      '[SEV0] head-advancing failed on op-devnet-1 (op-geth-1): head stuck at block 1204 for 30 s',
    )
    expect(details(stuck).id).toBe('health:op-devnet-1:head-advancing:op-geth-1')
  })

  test('each gate is a case: passed when it promotes, a failure with its reasons when it blocks', async () => {
    const gates = suiteNamed(await parse(renderJunit(fixtureResults())), gateSuiteName)
    const [alphanet, betanet] = gates?.testcase ?? []
    expect(alphanet?.$.name).toBe('alphanet')
    expect(alphanet?.failure).toBeUndefined()
    expect(alphanet?.error).toBeUndefined()
    expect(betanet?.$.name).toBe('betanet')
    const blocked = outcome(betanet?.failure)
    expect(blocked?.$?.message).toBe(
      'gate betanet blocks: 2 open SEV0 findings; gate "betanet" allows 0',
    )
    expect(blocked?._).toContain('checklist-incomplete: Gate "betanet" requires checklist items')
  })

  test('a run that could not decide is an error case saying why, never tests="0"', async () => {
    const results = fixtureResults()
    results.tests = []
    results.health = []
    results.run.complete = false
    results.run.error = 'the devnet stopped answering on l1'
    results.verdicts = results.verdicts.map((verdict) => ({
      ...verdict,
      decision: 'error' as const,
      reasons: [
        {
          rule: 'run-incomplete',
          message: `The run did not complete: ${results.run.error}`,
          refs: [],
        },
      ],
    }))
    const report = await parse(renderJunit(results))
    expect(report.testsuites.$).toMatchObject({ tests: '2', failures: '0', errors: '2' })
    const cases = suiteNamed(report, gateSuiteName)?.testcase ?? []
    expect(cases.map((c) => outcome(c.error)?.$?.message)).toEqual([
      'gate alphanet could not be decided: The run did not complete: the devnet stopped answering on l1',
      'gate betanet could not be decided: The run did not complete: the devnet stopped answering on l1',
    ])
    expect(properties(suiteNamed(report, gateSuiteName) ?? {})).toMatchObject({
      complete: 'false',
      error: 'the devnet stopped answering on l1',
    })
  })

  test('an incomplete run without a verdict still writes an error case', async () => {
    const results = fixtureResults()
    results.tests = []
    results.health = []
    results.verdicts = []
    results.run.complete = false
    const report = await parse(renderJunit(results))
    expect(report.testsuites.$).toMatchObject({ tests: '1', errors: '1' })
    const [only] = allCases(report)
    expect(outcome(only?.error)?.$).toEqual({
      message: 'the run could not decide: the run stopped before every selected test reported',
      type: 'RunError',
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
    expect(failure?.$?.message).toBe(
      '[SEV1, owner red-team] </script><img src=x onerror=alert(2)> | broken',
    )
    expect(failure?._).toContain('**bold** [link](javascript:alert(3))')
    expect(details(script)['annotation <b>type</b>']).toBe('<iframe src="https://example.org">')

    const pipes = cases.find((c) => c.$.name?.startsWith('pipes'))
    // The newline in the name is kept as a character reference, the control and
    // ANSI characters are gone.
    expect(pipes?.$.name).toBe('pipes | and\nnewlines & "quotes" ')
    expect(outcome(pipes?.error)?.$?.message).toBe(
      '[owner red-team] bad  chars  and a lone  surrogate ]]> %0A::error::x',
    )
  })
})

describe('XML escaping', () => {
  test('text escapes markup, attributes also quotes and line breaks', () => {
    expect(escapeXmlText('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"')
    expect(escapeXmlAttribute(`"it's"\n\tx\r`)).toBe('&quot;it&apos;s&quot;&#10;&#9;x&#13;')
  })

  test('plain text is returned as it is, and the same as the full escaping would give', () => {
    // The full escaping, as it runs on text that is not plain.
    const full = (text: string, attribute: boolean) =>
      stripInvalidXmlCharacters(stripAnsi(text)).replace(
        attribute ? /[&<>"'\t\n\r]/g : /[&<>]/g,
        (c) =>
          ({
            '&': '&amp;',
            '<': '&lt;',
            '>': '&gt;',
            '"': '&quot;',
            "'": '&apos;',
            '\t': '&#9;',
            '\n': '&#10;',
            '\r': '&#13;',
          })[c] ?? c,
      )
    const pieces = fc.constantFrom(
      'a',
      ' ',
      '"',
      "'",
      '&',
      '<',
      '>',
      '\t',
      '\n',
      '\r',
      '\u001b[31m',
      '\u0000',
      '\u007f',
      'é',
      '🚦',
      '\uD800',
      ';',
      '=',
      '?',
    )
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 10 }), (parts) => {
        const text = parts.join('')
        expect(escapeXmlText(text)).toBe(full(text, false))
        expect(escapeXmlAttribute(text)).toBe(full(text, true))
      }),
      { numRuns: 3_000 },
    )
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
