import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import type { HealthCheck, Severity, TestStatus } from '../core/index.js'
import type { ClassifiableTest } from './Classification.js'
import { type ResolvedGate, resolveGate } from './Gate.js'
import { type GatePolicy, parseGatesFile } from './GatesFile.js'
import { parseReadinessFile, type ReadinessFile } from './Readiness.js'
import { type EvaluateInput, evaluate } from './Verdict.js'

const today = '2025-06-15'

function aTest(
  name: string,
  status: TestStatus = 'passed',
  extra: Partial<ClassifiableTest> = {},
): ClassifiableTest {
  return {
    id: `misc/policy.accept.ts > policy > ${name}`,
    name,
    feature: 'misc',
    status,
    quarantined: false,
    ...extra,
  }
}

function failing(name: string, severity: Severity, extra: Partial<ClassifiableTest> = {}) {
  return aTest(name, 'failed', { severity, ...extra })
}

function gateWith(policy: GatePolicy, extra: Record<string, unknown> = {}): ResolvedGate {
  const file = parseGatesFile(
    { version: 1, gates: { candidate: { description: 'test gate', policy, ...extra } } },
    'gates.yaml',
  )
  return resolveGate(file, 'candidate')
}

function readiness(content: Partial<ReadinessFile>): ReadinessFile {
  return parseReadinessFile({ version: 1, release: 'rc', ...content }, 'readiness.yaml')
}

function judge(input: Partial<EvaluateInput> & Pick<EvaluateInput, 'gate' | 'tests'>) {
  return evaluate({ health: [], now: today, complete: true, ...input })
}

function rules(verdict: { reasons: { rule: string }[] }): string[] {
  return verdict.reasons.map(({ rule }) => rule)
}

const lenient = gateWith({})
const passing = [aTest('one'), aTest('two')]

describe('evaluate: promote', () => {
  test('promotes: every selected test passed and nothing else is open', () => {
    expect(judge({ gate: lenient, tests: passing })).toEqual({
      gate: 'candidate',
      decision: 'promote',
      reasons: [],
      counts: { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 },
      findings: [],
    })
  })

  test('promotes: SEV3 findings are documented (listed and counted) but never block', () => {
    const verdict = judge({ gate: lenient, tests: [...passing, failing('cosmetic', 'SEV3')] })
    expect(verdict.decision).toBe('promote')
    expect(verdict.counts).toEqual({ SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 1 })
    expect(verdict.findings.map(({ id, severity }) => [id, severity])).toEqual([
      ['misc/policy.accept.ts > policy > cosmetic', 'SEV3'],
    ])
  })

  test('promotes: a SEV2 with a valid mitigation under mitigation-required', () => {
    const sev2 = failing('slow gas estimate', 'SEV2')
    const verdict = judge({
      gate: lenient,
      tests: [...passing, sev2],
      readiness: readiness({
        mitigations: [{ finding: sev2.id, plan: 'cap it', owner: 'bob', expires: today }],
      }),
    })
    expect(verdict.decision).toBe('promote')
    expect(verdict.counts.SEV2).toBe(1)
  })

  test('promotes: any SEV2 under SEV2: allow', () => {
    const verdict = judge({ gate: gateWith({ SEV2: 'allow' }), tests: [failing('x', 'SEV2')] })
    expect(verdict.decision).toBe('promote')
  })

  test('promotes: open SEV1 findings up to a raised maxOpen', () => {
    const gate = gateWith({ maxOpen: { SEV1: 1 } })
    expect(judge({ gate, tests: [failing('a', 'SEV1')] }).decision).toBe('promote')
    expect(rules(judge({ gate, tests: [failing('a', 'SEV1'), failing('b', 'SEV1')] }))).toEqual([
      'open-sev1',
    ])
  })
})

describe('evaluate: error (the run could not decide)', () => {
  test('errors: an incomplete run never promotes, even when all it saw passed', () => {
    const verdict = judge({ gate: lenient, tests: passing, complete: false })
    expect(verdict.decision).toBe('error')
    expect(verdict.reasons).toEqual([
      {
        rule: 'run-incomplete',
        message: 'The run did not complete: it stopped before every selected test reported',
        refs: [],
      },
    ])
  })

  test('errors: an incomplete run says why when it knows', () => {
    const verdict = judge({
      gate: lenient,
      tests: [],
      complete: false,
      error: 'shard 2/3 is missing',
    })
    expect(verdict.reasons).toEqual([
      {
        rule: 'run-incomplete',
        message: 'The run did not complete: shard 2/3 is missing',
        refs: [],
      },
    ])
  })

  test('errors: a complete run with an error cannot decide either', () => {
    const verdict = judge({ gate: lenient, tests: passing, error: 'reporter crashed' })
    expect(verdict.decision).toBe('error')
    expect(verdict.reasons).toEqual([
      { rule: 'run-error', message: 'The run could not decide: reporter crashed', refs: [] },
    ])
  })

  test('errors: findings and counts are still reported from what did run', () => {
    const verdict = judge({ gate: lenient, tests: [failing('x', 'SEV0')], complete: false })
    expect(verdict.decision).toBe('error')
    expect(verdict.counts.SEV0).toBe(1)
    expect(verdict.findings).toHaveLength(1)
  })
})

describe('evaluate: block, one reason per violated rule', () => {
  test('blocks: zero tests selected (no false green), without a second min-tests reason', () => {
    const gate = gateWith({}, { include: { features: ['governance'] } })
    const verdict = judge({ gate, tests: passing })
    expect(verdict.decision).toBe('block')
    expect(verdict.reasons).toEqual([
      {
        rule: 'no-tests-selected',
        message:
          'Gate "candidate" selected none of the 2 tests of the run: a run that tests nothing is no pass',
        refs: [],
      },
    ])
  })

  test('blocks: an empty run selects nothing', () => {
    expect(rules(judge({ gate: lenient, tests: [] }))).toEqual(['no-tests-selected'])
  })

  test('blocks: an open SEV0 finding', () => {
    const verdict = judge({ gate: lenient, tests: [...passing, failing('chain halts', 'SEV0')] })
    expect(verdict.reasons).toEqual([
      {
        rule: 'open-sev0',
        message: '1 open SEV0 finding; gate "candidate" allows 0',
        refs: ['misc/policy.accept.ts > policy > chain halts'],
      },
    ])
  })

  test('blocks: open SEV1 findings, every one named', () => {
    const verdict = judge({
      gate: lenient,
      tests: [...passing, failing('b', 'SEV1'), failing('a', 'SEV1')],
    })
    expect(verdict.reasons).toEqual([
      {
        rule: 'open-sev1',
        message: '2 open SEV1 findings; gate "candidate" allows 0',
        refs: ['misc/policy.accept.ts > policy > a', 'misc/policy.accept.ts > policy > b'],
      },
    ])
  })

  test('blocks: an unclassified failure, as SEV1 by default', () => {
    expect(rules(judge({ gate: lenient, tests: [...passing, aTest('x', 'errored')] }))).toEqual([
      'open-sev1',
    ])
  })

  test('blocks: a failed health check, as SEV0', () => {
    const health: HealthCheck[] = [
      { check: 'chain-id', chain: 'l2', ok: false, detail: 'got 1, want 901' },
    ]
    const verdict = judge({ gate: lenient, tests: passing, health })
    expect(verdict.reasons).toEqual([
      {
        rule: 'open-sev0',
        message: '1 open SEV0 finding; gate "candidate" allows 0',
        refs: ['health:l2:chain-id'],
      },
    ])
  })

  test('blocks: an open manual SEV1 finding from the readiness file', () => {
    const verdict = judge({
      gate: lenient,
      tests: passing,
      readiness: readiness({
        findings: [{ id: 'EXP-3', title: 'x', severity: 'SEV1', status: 'open' }],
      }),
    })
    expect(verdict.reasons.map(({ rule, refs }) => [rule, refs])).toEqual([
      ['open-sev1', ['EXP-3']],
    ])
  })

  test('blocks: SEV2 finding without mitigation', () => {
    const verdict = judge({ gate: lenient, tests: [...passing, failing('gas', 'SEV2')] })
    expect(verdict.reasons).toEqual([
      {
        rule: 'sev2-unmitigated',
        message:
          '1 SEV2 finding without a mitigation plan; gate "candidate" needs one for every SEV2 finding (add it to the readiness file\'s mitigations)',
        refs: ['misc/policy.accept.ts > policy > gas'],
      },
    ])
  })

  test('blocks: SEV2 finding whose mitigation expired, saying when', () => {
    const sev2 = failing('gas', 'SEV2')
    const verdict = judge({
      gate: lenient,
      tests: [...passing, sev2],
      readiness: readiness({
        mitigations: [{ finding: sev2.id, plan: 'p', owner: 'bob', expires: '2025-06-14' }],
      }),
    })
    expect(verdict.reasons).toEqual([
      {
        rule: 'sev2-mitigation-expired',
        message:
          '1 SEV2 finding with an expired mitigation plan, which no longer counts: misc/policy.accept.ts > policy > gas (expired after 2025-06-14)',
        refs: [sev2.id],
      },
    ])
    expect(verdict.findings[0]).toMatchObject({ mitigationExpired: true })
  })

  test('blocks: any SEV2 under SEV2: block, mitigated or not, in one reason', () => {
    const sev2 = failing('gas', 'SEV2')
    const gate = gateWith({ SEV2: 'block', maxOpen: { SEV2: 5 } })
    const verdict = judge({
      gate,
      tests: [...passing, sev2],
      readiness: readiness({
        mitigations: [{ finding: sev2.id, plan: 'p', owner: 'bob', expires: '2030-01-01' }],
      }),
    })
    expect(verdict.reasons).toEqual([
      {
        rule: 'sev2-blocked',
        message: '1 open SEV2 finding; gate "candidate" allows no SEV2 findings, mitigated or not',
        refs: [sev2.id],
      },
    ])
  })

  test('blocks: more open SEV2 or SEV3 findings than maxOpen allows', () => {
    const gate = gateWith({ SEV2: 'allow', maxOpen: { SEV2: 1, SEV3: 0 } })
    const verdict = judge({
      gate,
      tests: [...passing, failing('a', 'SEV2'), failing('b', 'SEV2'), failing('c', 'SEV3')],
    })
    expect(verdict.reasons.map(({ rule, message }) => [rule, message])).toEqual([
      ['open-sev2', '2 open SEV2 findings; gate "candidate" allows 1'],
      ['open-sev3', '1 open SEV3 finding; gate "candidate" allows 0'],
    ])
  })

  test('blocks: required checklist items not done, missing, or without a readiness file', () => {
    const gate = gateWith({ requiredChecklist: ['fma-started', 'runbooks', 'audit-done'] })
    const withFile = judge({
      gate,
      tests: passing,
      readiness: readiness({
        checklist: [
          { id: 'fma-started', title: 'FMA', done: true },
          { id: 'runbooks', title: 'Runbooks', done: false },
        ],
      }),
    })
    expect(withFile.reasons).toEqual([
      {
        rule: 'checklist-incomplete',
        message:
          'Gate "candidate" requires checklist items that are not done: runbooks (not done), audit-done (missing from the readiness file)',
        refs: ['runbooks', 'audit-done'],
      },
    ])
    const withoutFile = judge({ gate, tests: passing })
    expect(withoutFile.reasons[0]?.message).toBe(
      'Gate "candidate" requires checklist items that are not done: fma-started (no readiness file), runbooks (no readiness file), audit-done (no readiness file)',
    )
  })

  test('blocks: skipped tests under skips: fail; allowed under skips: allow', () => {
    const tests = [...passing, aTest('z', 'skipped'), aTest('y', 'skipped')]
    expect(judge({ gate: gateWith({ skips: 'fail' }), tests }).reasons).toEqual([
      {
        rule: 'skips',
        message: '2 selected tests skipped; gate "candidate" allows no skips',
        refs: ['misc/policy.accept.ts > policy > y', 'misc/policy.accept.ts > policy > z'],
      },
    ])
    expect(judge({ gate: gateWith({ skips: 'allow' }), tests }).decision).toBe('promote')
  })

  test('blocks: fewer tests ran than minTests; skipped tests did not run', () => {
    const gate = gateWith({ minTests: 3 })
    const verdict = judge({ gate, tests: [...passing, aTest('s', 'skipped')] })
    expect(verdict.reasons).toEqual([
      {
        rule: 'min-tests',
        message: '2 selected tests ran; gate "candidate" needs at least 3',
        refs: [],
      },
    ])
    expect(
      judge({ gate, tests: [...passing, aTest('s', 'timedOut', { severity: 'SEV3' })] }).decision,
    ).toBe('promote')
  })

  test('blocks: a gate without minTests still needs one test to have run', () => {
    expect(rules(judge({ gate: lenient, tests: [aTest('s', 'skipped')] }))).toEqual(['min-tests'])
  })

  test('only the gate’s selected tests count: an excluded failure is no finding', () => {
    const gate = gateWith({}, { exclude: { tests: ['** > broken'] } })
    const verdict = judge({ gate, tests: [...passing, failing('broken', 'SEV0')] })
    expect(verdict.decision).toBe('promote')
    expect(verdict.findings).toEqual([])
  })

  test('every violated rule is a reason, in a fixed order whatever the order of the tests', () => {
    const gate = gateWith({
      maxOpen: { SEV3: 0 },
      skips: 'fail',
      minTests: 10,
      requiredChecklist: ['fma-started'],
    })
    const tests = [
      aTest('skipped', 'skipped'),
      failing('sev3', 'SEV3'),
      failing('sev2', 'SEV2'),
      failing('sev1', 'SEV1'),
      failing('sev0', 'SEV0'),
      aTest('ok'),
    ]
    const verdict = judge({ gate, tests })
    expect(rules(verdict)).toEqual([
      'open-sev0',
      'open-sev1',
      'open-sev3',
      'sev2-unmitigated',
      'checklist-incomplete',
      'skips',
      'min-tests',
    ])
    expect(judge({ gate, tests: [...tests].reverse() })).toEqual(verdict)
  })
})

describe('evaluate: quarantine', () => {
  const flaky = failing('flaky', 'SEV1', { quarantined: true })

  test('exclude: a quarantined failure is listed, marked, and neither counted nor blocking', () => {
    const verdict = judge({ gate: gateWith({ quarantine: 'exclude' }), tests: [...passing, flaky] })
    expect(verdict.decision).toBe('promote')
    expect(verdict.counts.SEV1).toBe(0)
    expect(verdict.findings).toEqual([expect.objectContaining({ id: flaky.id, quarantined: true })])
  })

  test('exclude: a quarantined skip does not block and a quarantined pass is no evidence', () => {
    const gate = gateWith({ quarantine: 'exclude', skips: 'fail', minTests: 2 })
    const verdict = judge({
      gate,
      tests: [
        aTest('ok'),
        aTest('q-pass', 'passed', { quarantined: true }),
        aTest('q-skip', 'skipped', { quarantined: true }),
      ],
    })
    expect(verdict.reasons).toEqual([
      {
        rule: 'min-tests',
        message: '1 selected test ran; gate "candidate" needs at least 2',
        refs: [],
      },
    ])
  })

  test('report: a quarantined failure counts like any other', () => {
    const verdict = judge({ gate: gateWith({ quarantine: 'report' }), tests: [...passing, flaky] })
    expect(rules(verdict)).toEqual(['open-sev1'])
    expect(verdict.findings[0]?.quarantined).toBeUndefined()
  })
})

describe('evaluate: the Release Readiness Process, every combination', () => {
  const shipped = parseGatesFile(
    parse(readFileSync(new URL('./gates.yaml', import.meta.url), 'utf8')),
    'gates.yaml',
  )
  const mitigationStates = ['none', 'expired', 'valid'] as const
  type Combination = {
    present: Record<Severity, boolean>
    mitigation: (typeof mitigationStates)[number]
    skips: boolean
    checklistDone: boolean
  }

  function combinations(): Combination[] {
    const all: Combination[] = []
    for (let mask = 0; mask < 16; mask += 1) {
      const present = {
        SEV0: (mask & 1) !== 0,
        SEV1: (mask & 2) !== 0,
        SEV2: (mask & 4) !== 0,
        SEV3: (mask & 8) !== 0,
      }
      for (const mitigation of mitigationStates) {
        for (const skips of [false, true]) {
          for (const checklistDone of [false, true])
            all.push({ present, mitigation, skips, checklistDone })
        }
      }
    }
    return all
  }

  // Every shipped gate, pr included, selects the base feature.
  const base = { feature: 'base' }

  function runFor(gate: ResolvedGate, combination: Combination) {
    const findings = (['SEV0', 'SEV1', 'SEV2', 'SEV3'] as const)
      .filter((severity) => combination.present[severity])
      .map((severity) => failing(`${severity} failure`, severity, base))
    const passingTests = Array.from({ length: gate.policy.minTests }, (_, index) =>
      aTest(`ok ${index}`, 'passed', base),
    )
    const skipped = combination.skips ? [aTest('skipped', 'skipped', base)] : []
    const sev2Id = aTest('SEV2 failure').id
    const expires = { none: undefined, expired: '2025-06-14', valid: '2025-06-15' }[
      combination.mitigation
    ]
    const required = gate.policy.requiredChecklist
    return judge({
      gate,
      tests: [...passingTests, ...findings, ...skipped],
      readiness: readiness({
        checklist: required.map((id, index) => ({
          id,
          title: id,
          done: combination.checklistDone || index > 0,
        })),
        mitigations:
          expires === undefined ? [] : [{ finding: sev2Id, plan: 'plan', owner: 'bob', expires }],
      }),
    })
  }

  const all = combinations()

  test('covers 16 × 3 × 2 × 2 combinations', () => {
    expect(all).toHaveLength(192)
  })

  test('alphanet promotes iff no SEV0/SEV1, every SEV2 validly mitigated, checklist done', () => {
    const alphanet = resolveGate(shipped, 'alphanet')
    for (const combination of all) {
      const { present, mitigation, checklistDone } = combination
      const expected: string[] = [
        ...(present.SEV0 ? ['open-sev0'] : []),
        ...(present.SEV1 ? ['open-sev1'] : []),
        ...(present.SEV2 && mitigation === 'none' ? ['sev2-unmitigated'] : []),
        ...(present.SEV2 && mitigation === 'expired' ? ['sev2-mitigation-expired'] : []),
        ...(checklistDone ? [] : ['checklist-incomplete']),
      ]
      const verdict = runFor(alphanet, combination)
      expect({ combination, rules: rules(verdict) }).toEqual({ combination, rules: expected })
      expect({ combination, decision: verdict.decision }).toEqual({
        combination,
        decision: expected.length === 0 ? 'promote' : 'block',
      })
    }
  })

  test('betanet promotes iff no SEV0/SEV1/SEV2 at all, no skips, checklist done', () => {
    const betanet = resolveGate(shipped, 'betanet')
    for (const combination of all) {
      const { present, skips, checklistDone } = combination
      const expected: string[] = [
        ...(present.SEV0 ? ['open-sev0'] : []),
        ...(present.SEV1 ? ['open-sev1'] : []),
        ...(present.SEV2 ? ['sev2-blocked'] : []),
        ...(checklistDone ? [] : ['checklist-incomplete']),
        ...(skips ? ['skips'] : []),
      ]
      const verdict = runFor(betanet, combination)
      expect({ combination, rules: rules(verdict) }).toEqual({ combination, rules: expected })
      expect({ combination, decision: verdict.decision }).toEqual({
        combination,
        decision: expected.length === 0 ? 'promote' : 'block',
      })
    }
  })

  test('SEV3 alone never blocks on any shipped gate', () => {
    for (const name of ['pr', 'alphanet', 'betanet', 'testnet']) {
      const gate = resolveGate(shipped, name)
      const verdict = runFor(gate, {
        present: { SEV0: false, SEV1: false, SEV2: false, SEV3: true },
        mitigation: 'none',
        skips: false,
        checklistDone: true,
      })
      expect({ name, decision: verdict.decision }).toEqual({ name, decision: 'promote' })
    }
  })
})
