import { describe, expect, test } from 'vitest'
import type { TestResult } from '../core/index.js'
import { resolveGate } from './Gate.js'
import { parseGatesFile } from './GatesFile.js'
import { type JudgeInput, judge } from './Judge.js'
import { parseReadinessFile } from './Readiness.js'

const gatesFile = parseGatesFile(
  {
    version: 1,
    gates: {
      alpha: { description: 'SEV2 needs a plan', policy: { quarantine: 'exclude' } },
      beta: { description: 'no SEV2 at all', inherits: 'alpha', policy: { SEV2: 'block' } },
    },
  },
  'gates.yaml',
)
const gates = ['alpha', 'beta'].map((name) => resolveGate(gatesFile, name))

function aTest(name: string, status: TestResult['status'], extra: Partial<TestResult> = {}) {
  return {
    id: `fees/fees.accept.ts > fees > ${name}`,
    file: 'fees/fees.accept.ts',
    name,
    feature: 'fees',
    status,
    durationMs: 5,
    attempts: 1,
    flaky: false,
    quarantined: false,
    annotations: [],
    ...extra,
  } satisfies TestResult
}

const slow = aTest('base fee is slow to settle', 'failed', {
  severity: 'SEV2',
  error: { message: 'expected 2 to be 1' },
})
const flaky = aTest('fee history is served', 'failed', { severity: 'SEV1' })
const results: JudgeInput['results'] = {
  tests: [aTest('base fee rises', 'passed'), slow, flaky],
  health: [],
  run: { complete: true },
}
const readiness = parseReadinessFile(
  {
    version: 1,
    release: 'rc-1',
    mitigations: [{ finding: slow.id, plan: 'alert on it', owner: 'fees', expires: '2026-12-01' }],
    quarantine: [{ test: flaky.id, reason: 'flaky', by: 'ops', until: '2026-12-01' }],
  },
  'readiness.yaml',
)

describe('judge', () => {
  test('quarantines, then judges every gate, then gives the worst exit code', () => {
    const judgement = judge({ results, gates, readiness, now: '2026-12-01' })
    expect(judgement.tests.map((test) => test.quarantined)).toEqual([false, false, true])
    expect(judgement.verdicts.map((verdict) => [verdict.gate, verdict.decision])).toEqual([
      ['alpha', 'promote'],
      ['beta', 'block'],
    ])
    expect(judgement.exitCode).toBe(1)
  })

  test('the day after a mitigation and a quarantine end, alpha blocks on both', () => {
    const judgement = judge({ results, gates, readiness, now: '2026-12-02' })
    expect(judgement.tests.map((test) => test.quarantined)).toEqual([false, false, false])
    const [alpha] = judgement.verdicts
    expect(alpha?.decision).toBe('block')
    expect(alpha?.reasons.map((reason) => reason.rule)).toEqual([
      'open-sev1',
      'sev2-mitigation-expired',
    ])
  })

  test('a run that could not complete decides nothing: error, exit 2, for every gate', () => {
    const judgement = judge({
      results: { ...results, run: { complete: false, error: 'devnet died' } },
      gates,
      readiness,
      now: '2026-12-01',
    })
    expect(judgement.verdicts.map((verdict) => verdict.decision)).toEqual(['error', 'error'])
    expect(judgement.exitCode).toBe(2)
  })

  test('judging leaves its input alone', () => {
    const before = structuredClone(results)
    judge({ results, gates, readiness, now: '2026-12-01' })
    expect(results).toEqual(before)
  })
})

describe('harness problems', () => {
  const unfunded = aTest('base fee falls', 'errored', {
    severity: 'SEV1',
    owner: 'fees',
    harnessProblem: true,
    error: { message: 'signalbox could not fund 1 test account(s) on l2\n\nhint: Fund it.' },
  })

  test('error: a test signalbox could not provision is no finding, and the reason says what to change', () => {
    const judgement = judge({
      results: {
        tests: [aTest('base fee rises', 'passed'), unfunded],
        health: [],
        run: { complete: true },
      },
      gates,
      now: '2026-06-01',
    })
    expect(judgement.exitCode).toBe(2)
    for (const verdict of judgement.verdicts) {
      expect(verdict.decision).toBe('error')
      expect(verdict.findings).toEqual([])
      expect(verdict.counts).toEqual({ SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 })
      expect(verdict.reasons.map((reason) => reason.message)).toEqual([
        `The run could not decide: signalbox could not provision 1 test (${unfunded.id}), so it tested nothing: a harness problem, not a finding. signalbox could not fund 1 test account(s) on l2\n\nhint: Fund it.`,
      ])
    }
    // The test itself stays in the results, as recorded.
    expect(judgement.tests).toContainEqual(unfunded)
  })

  test('the same results judge the same whatever the number of such tests: never promote', () => {
    const many = [1, 2, 3].map((index) =>
      aTest(`unfunded ${index}`, 'errored', {
        harnessProblem: true,
        error: { message: 'no funds' },
      }),
    )
    const judgement = judge({
      results: { tests: many, health: [], run: { complete: true } },
      gates,
      now: '2026-06-01',
    })
    expect(judgement.verdicts.map((verdict) => verdict.decision)).toEqual(['error', 'error'])
    expect(judgement.verdicts[0]?.reasons[0]?.message).toContain(
      `signalbox could not provision 3 tests (${many[0]?.id} and 2 others), so they tested nothing`,
    )
  })
})
