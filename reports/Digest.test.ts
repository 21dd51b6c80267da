import { describe, expect, test } from 'vitest'
import {
  collectFindings,
  countFindings,
  errorText,
  formatDuration,
  formatTimestamp,
  recommendations,
  runDurationMs,
  severityRank,
  slowestTests,
  stripAnsi,
  summarizeFeatures,
  testSeverities,
} from './Digest.js'
import { fixtureIds, fixtureReadiness, fixtureResults } from './fixtures.js'

describe('formatting', () => {
  test('durations read as people say them', () => {
    expect([0, 850, 4_240, 59_999, 187_000, 3_720_000].map(formatDuration)).toEqual([
      '0 ms',
      '850 ms',
      '4.2 s',
      '60.0 s',
      '3m 07s',
      '1h 02m',
    ])
    expect(formatDuration(Number.NaN)).toBe('—')
  })

  test('timestamps are shown in UTC; anything else as given', () => {
    expect(formatTimestamp('2026-11-20T15:02:11.500+01:00')).toBe('2026-11-20 14:02:11 UTC')
    expect(formatTimestamp('yesterday')).toBe('yesterday')
  })

  test('run duration needs two ordered timestamps', () => {
    const { run } = fixtureResults()
    expect(runDurationMs(run)).toBe(747_412)
    expect(runDurationMs({ ...run, finishedAt: 'never' })).toBeUndefined()
    expect(runDurationMs({ ...run, finishedAt: '2026-11-20T14:00:00.000Z' })).toBeUndefined()
  })

  test('ANSI colour and OSC sequences are stripped', () => {
    expect(stripAnsi('\u001b[31mred\u001b[39m \u001b]8;;https://x\u0007link\u001b]8;;\u0007')).toBe(
      'red link',
    )
  })

  test('severities rank most severe first; no severity ranks after all of them', () => {
    expect((['SEV0', 'SEV1', 'SEV2', 'SEV3', undefined] as const).map(severityRank)).toEqual([
      0, 1, 2, 3, 4,
    ])
  })
})

describe('errorText', () => {
  test('keeps the whole message and drops a stack header that repeats it', () => {
    expect(
      errorText({
        message: 'expected 1\n\n- a\n+ b',
        stack: 'AssertionError: expected 1\n    at x.ts:1:1',
      }),
    ).toBe('expected 1\n\n- a\n+ b\n    at x.ts:1:1')
  })

  test('keeps a stack header that says something else', () => {
    expect(errorText({ message: 'boom', stack: 'Wrapped: other\n    at x.ts:1:1' })).toBe(
      'boom\nWrapped: other\n    at x.ts:1:1',
    )
  })

  test('a stack that contains the message is used as it is', () => {
    expect(errorText({ message: 'boom', stack: 'Error: boom\n    at x' })).toBe(
      'Error: boom\n    at x',
    )
    expect(errorText({ message: 'only' })).toBe('only')
    expect(errorText(undefined)).toBe('')
  })
})

describe('collectFindings', () => {
  test('lists each finding once with the gates that list it and the gates it blocks', () => {
    const entries = collectFindings(fixtureResults())
    expect(entries.map((e) => [e.finding.severity, e.finding.id, e.gates, e.blocks])).toEqual([
      ['SEV0', 'health:op-devnet-1:head-advancing:op-geth-1', ['betanet'], ['betanet']],
      ['SEV0', fixtureIds.relay, ['betanet'], ['betanet']],
      ['SEV1', fixtureIds.supervisor, ['betanet'], ['betanet']],
      ['SEV2', fixtureIds.withdrawal, ['betanet'], ['betanet']],
      ['SEV2', fixtureIds.baseFee, ['alphanet', 'betanet'], []],
      ['SEV2', 'RRC-12', ['alphanet', 'betanet'], []],
      ['SEV3', fixtureIds.getLogs, ['alphanet', 'betanet'], []],
    ])
    expect(entries[0]?.test).toBeUndefined()
    expect(entries[1]?.test?.id).toBe(fixtureIds.relay)
    expect(countFindings(entries)).toEqual({ SEV0: 2, SEV1: 1, SEV2: 3, SEV3: 1 })
  })

  test('a finding classified differently by two gates keeps the most severe', () => {
    const results = fixtureResults()
    const alphanet = results.verdicts[0]
    const getLogs = alphanet?.findings.find((f) => f.id === fixtureIds.getLogs)
    if (getLogs === undefined) throw new Error('fixture changed')
    getLogs.severity = 'SEV1'
    const entry = collectFindings(results).find((e) => e.finding.id === fixtureIds.getLogs)
    expect(entry?.finding.severity).toBe('SEV1')
    expect(testSeverities(results).get(fixtureIds.getLogs)).toBe('SEV1')
  })
})

describe('summaries', () => {
  test('per feature: failed counts every failing status', () => {
    const interop = summarizeFeatures(fixtureResults().tests).find((f) => f.feature === 'interop')
    expect(interop).toEqual({
      feature: 'interop',
      total: 4,
      passed: 2,
      failed: 2,
      skipped: 0,
      flaky: 0,
      quarantined: 0,
      durationMs: 101_180,
    })
  })

  test('slowest tests leave out skipped ones', () => {
    expect(slowestTests(fixtureResults().tests, 2).map((t) => t.id)).toEqual([
      fixtureIds.withdrawal,
      fixtureIds.relay,
    ])
  })

  test('severity per test: classified where there is a finding, declared otherwise', () => {
    const severities = testSeverities(fixtureResults())
    expect(severities.get(fixtureIds.relay)).toBe('SEV0')
    expect(severities.get(fixtureIds.deposit)).toBe('SEV1')
    expect(severities.get(fixtureIds.chainId)).toBeUndefined()
  })
})

describe('recommendations', () => {
  test('most urgent first, each with the ids it is about', () => {
    const items = recommendations(fixtureResults(), fixtureReadiness())
    expect(items.map((item) => item.text)).toMatchInlineSnapshot(`
      [
        "Fix 3 SEV0/SEV1 findings before promotion (owners: interop-team); a devnet must have zero catastrophic or critical issues.",
        "Renew or resolve 1 expired mitigation (owners: bridge-team): an expired mitigation does not count.",
        "Investigate 1 failing health check: the devnet may not be operational, and tests on it may fail for that reason.",
        "Complete 1 checklist item that a gate requires.",
        "Complete or waive 1 open checklist item.",
        "Review 2 quarantined tests: quarantine hides regressions from the gate.",
        "Stabilise 1 flaky test (passed only on a retry).",
        "Track 1 SEV3 finding with their owners; they are documented here and do not block.",
        "Record the Platforms pass/fail determination (sign-off) in the readiness file.",
      ]
    `)
    expect(items[0]?.refs).toEqual([
      'health:op-devnet-1:head-advancing:op-geth-1',
      fixtureIds.relay,
      fixtureIds.supervisor,
    ])
  })

  test('an unmitigated SEV2 finding asks for a plan; an incomplete run asks for a re-run', () => {
    const results = fixtureResults()
    results.run.complete = false
    const betanet = results.verdicts[1]
    const withdrawal = betanet?.findings.find((f) => f.id === fixtureIds.withdrawal)
    if (withdrawal === undefined) throw new Error('fixture changed')
    delete withdrawal.mitigation
    delete withdrawal.mitigationExpired
    const texts = recommendations(results).map((item) => item.text)
    expect(texts[0]).toBe('Re-run: the run did not complete, so no gate can promote on it.')
    expect(texts).toContain(
      'Write a mitigation plan (plan, owner, expiry) for 1 SEV2 finding (owners: bridge-team).',
    )
    expect(texts.at(-1)).toBe(
      'Provide the readiness file so that the checklist and sign-off are part of this report.',
    )
  })
})
