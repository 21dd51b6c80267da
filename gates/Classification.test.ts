import { describe, expect, test } from 'vitest'
import { type HealthCheck, toDay } from '../core/index.js'
import { type ClassifiableTest, classifyFindings, isMitigationExpired } from './Classification.js'
import { resolveGate } from './Gate.js'
import { parseGatesFile } from './GatesFile.js'
import { parseReadinessFile, type ReadinessFile } from './Readiness.js'

function aTest(overrides: Partial<ClassifiableTest> & { id: string }): ClassifiableTest {
  return {
    name: overrides.id.split(' > ').at(-1) ?? overrides.id,
    feature: overrides.id.split('/')[0] ?? 'base',
    status: 'failed',
    quarantined: false,
    ...overrides,
  }
}

function readiness(content: Partial<ReadinessFile>): ReadinessFile {
  return parseReadinessFile({ version: 1, release: 'rc', ...content }, 'readiness.yaml')
}

const file = parseGatesFile(
  {
    version: 1,
    severityRules: [
      { id: 'bridge-funds', match: { features: ['bridge'], status: ['failed'] }, severity: 'SEV0' },
      { match: { error: 'ECONNREFUSED' }, severity: 'SEV1' },
      { match: { tests: ['base/**'], status: ['timedOut'] }, severity: 'SEV2' },
      {
        id: 'also-base-timeouts',
        match: { features: ['base'], status: ['timedOut'] },
        severity: 'SEV0',
      },
    ],
    gates: {
      alphanet: {
        description: 'a',
        severityRules: [{ id: 'alpha-gas', match: { tests: ['** > gas > *'] }, severity: 'SEV3' }],
      },
      betanet: {
        description: 'b',
        inherits: 'alphanet',
        severityRules: [{ match: { tests: ['fees/**'] }, severity: 'SEV2' }],
      },
    },
  },
  'gates.yaml',
)
const betanet = resolveGate(file, 'betanet')

function classifyOne(
  test: ClassifiableTest,
  readinessFile?: ReadinessFile,
): { severity: string; classifiedBy: string } {
  const [finding] = classifyFindings({
    gate: betanet,
    tests: [test],
    health: [],
    readiness: readinessFile,
    now: '2025-06-01',
  })
  if (!finding) throw new Error('expected a finding')
  return { severity: finding.severity, classifiedBy: finding.classifiedBy }
}

describe('classifyFindings: which tests are findings', () => {
  test('failed, errored and timed-out tests are findings; passed and skipped ones are not', () => {
    const statuses = ['passed', 'failed', 'skipped', 'errored', 'timedOut'] as const
    const findings = classifyFindings({
      gate: betanet,
      tests: statuses.map((status) => aTest({ id: `misc/s.accept.ts > ${status}`, status })),
      health: [],
      now: '2025-06-01',
    })
    expect(findings.map(({ id }) => id)).toEqual([
      'misc/s.accept.ts > errored',
      'misc/s.accept.ts > failed',
      'misc/s.accept.ts > timedOut',
    ])
  })

  test('a test finding has the test’s id, owner and a title with the first line of its error', () => {
    const [finding] = classifyFindings({
      gate: betanet,
      tests: [
        aTest({
          id: 'misc/x.accept.ts > suite > sends',
          name: 'sends',
          owner: 'wallets',
          status: 'timedOut',
          error: { message: 'Test timed out in 5000ms.\nIf this is a long-running test…' },
        }),
      ],
      health: [],
      now: '2025-06-01',
    })
    expect(finding).toEqual({
      id: 'misc/x.accept.ts > suite > sends',
      source: 'test',
      severity: 'SEV1',
      title: 'sends: timed out: Test timed out in 5000ms.',
      classifiedBy: 'default: unclassified failures are SEV1',
      owner: 'wallets',
    })
  })
})

describe('classifyFindings: severity precedence', () => {
  const everything = aTest({
    id: 'fees/gas.accept.ts > gas > base fee',
    feature: 'bridge',
    severity: 'SEV3',
    status: 'failed',
  })

  test('a triage override wins over every rule and the declared severity', () => {
    const triaged = readiness({
      triage: [
        { test: 'fees/**', severity: 'SEV2', reason: 'fee market tuning, not a bug', by: 'alice' },
      ],
    })
    expect(classifyOne(everything, triaged)).toEqual({
      severity: 'SEV2',
      classifiedBy: 'triage by alice: fee market tuning, not a bug',
    })
  })

  test('the first triage override that matches wins', () => {
    const triaged = readiness({
      triage: [
        { test: 'fees/gas.accept.ts > gas', severity: 'SEV3', reason: 'first', by: 'alice' },
        { test: 'fees/**', severity: 'SEV0', reason: 'second', by: 'bob' },
      ],
    })
    expect(classifyOne(everything, triaged)).toEqual({
      severity: 'SEV3',
      classifiedBy: 'triage by alice: first',
    })
  })

  test('a triage override for another test changes nothing', () => {
    const triaged = readiness({
      triage: [{ test: 'base/**', severity: 'SEV3', reason: 'other', by: 'alice' }],
    })
    expect(classifyOne(everything, triaged).classifiedBy).toBe(
      'rule gates.betanet.severityRules[0]',
    )
  })

  test('without triage, the gate’s own rule comes before its parent’s and the global ones', () => {
    expect(classifyOne(everything)).toEqual({
      severity: 'SEV2',
      classifiedBy: 'rule gates.betanet.severityRules[0]',
    })
  })

  test('then the parent gate’s rule, named by its id', () => {
    const test = { ...everything, id: 'other/gas.accept.ts > gas > base fee' }
    expect(classifyOne(test)).toEqual({
      severity: 'SEV3',
      classifiedBy: 'rule alpha-gas (gates.alphanet.severityRules[0])',
    })
  })

  test('then the global rules', () => {
    const test = { ...everything, id: 'other/gas.accept.ts > base fee' }
    expect(classifyOne(test)).toEqual({
      severity: 'SEV0',
      classifiedBy: 'rule bridge-funds (severityRules[0])',
    })
  })

  test('among the global rules, the first that matches wins', () => {
    const timedOut = aTest({
      id: 'base/transfers.accept.ts > t',
      feature: 'base',
      status: 'timedOut',
    })
    expect(classifyOne(timedOut)).toEqual({
      severity: 'SEV2',
      classifiedBy: 'rule severityRules[2]',
    })
  })

  test('then the severity the test declares', () => {
    const test = aTest({ id: 'other/x.accept.ts > t', feature: 'other', severity: 'SEV3' })
    expect(classifyOne(test)).toEqual({ severity: 'SEV3', classifiedBy: 'declared by test' })
  })

  test('then the default: an unclassified failure is SEV1', () => {
    const test = aTest({ id: 'other/x.accept.ts > t', feature: 'other' })
    expect(classifyOne(test)).toEqual({
      severity: 'SEV1',
      classifiedBy: 'default: unclassified failures are SEV1',
    })
  })
})

describe('classifyFindings: rule conditions', () => {
  test('every condition of a rule must hold: a bridge test that errored is not a failed one', () => {
    const test = aTest({
      id: 'other/x.accept.ts > t',
      feature: 'bridge',
      status: 'errored',
      severity: 'SEV2',
    })
    expect(classifyOne(test).classifiedBy).toBe('declared by test')
  })

  test('an error condition matches the error message anywhere, as a regular expression', () => {
    const test = aTest({
      id: 'other/x.accept.ts > t',
      feature: 'other',
      status: 'errored',
      error: { message: 'fetch failed: connect ECONNREFUSED 127.0.0.1:8545' },
    })
    expect(classifyOne(test)).toEqual({ severity: 'SEV1', classifiedBy: 'rule severityRules[1]' })
  })

  test('an error condition never matches a test without an error message', () => {
    const test = aTest({
      id: 'other/x.accept.ts > t',
      feature: 'other',
      status: 'errored',
      severity: 'SEV3',
    })
    expect(classifyOne(test).classifiedBy).toBe('declared by test')
  })
})

describe('classifyFindings: health and manual findings', () => {
  const health: HealthCheck[] = [
    { check: 'rpc-reachable', chain: 'l1', ok: true, detail: 'ok' },
    { check: 'head-advancing', chain: 'l2', ok: false, detail: 'head stuck at block 12 for 30 s' },
    { check: 'peer-count', chain: 'l2', node: 'op-geth-2', ok: false, detail: '0 peers' },
  ]

  test('a failed health check is a SEV0 finding with id health:<chain>:<check>[:<node>]', () => {
    expect(classifyFindings({ gate: betanet, tests: [], health, now: '2025-06-01' })).toEqual([
      {
        id: 'health:l2:head-advancing',
        source: 'health',
        severity: 'SEV0',
        title: 'head-advancing failed on l2: head stuck at block 12 for 30 s',
        classifiedBy: 'health: a failed health check is SEV0 (the devnet is not operational)',
      },
      {
        id: 'health:l2:peer-count:op-geth-2',
        source: 'health',
        severity: 'SEV0',
        title: 'peer-count failed on l2 (op-geth-2): 0 peers',
        classifiedBy: 'health: a failed health check is SEV0 (the devnet is not operational)',
      },
    ])
  })

  test('open manual findings come with their own severity; resolved ones are gone', () => {
    const findings = classifyFindings({
      gate: betanet,
      tests: [],
      health: [],
      readiness: readiness({
        findings: [
          {
            id: 'EXP-1',
            title: 'Reorg under load',
            severity: 'SEV1',
            owner: 'sequencer',
            link: 'https://x/1',
            status: 'open',
          },
          { id: 'EXP-2', title: 'Old issue', severity: 'SEV0', status: 'resolved' },
        ],
      }),
      now: '2025-06-01',
    })
    expect(findings).toEqual([
      {
        id: 'EXP-1',
        source: 'manual',
        severity: 'SEV1',
        title: 'Reorg under load',
        classifiedBy: 'manual finding in the readiness file',
        owner: 'sequencer',
        link: 'https://x/1',
      },
    ])
  })

  test('findings come most severe first, then health, test, manual, then by id', () => {
    const findings = classifyFindings({
      gate: betanet,
      tests: [
        aTest({ id: 'other/b.accept.ts > t', feature: 'other', severity: 'SEV0' }),
        aTest({ id: 'other/a.accept.ts > t', feature: 'other', severity: 'SEV0' }),
        aTest({ id: 'other/c.accept.ts > t', feature: 'other', severity: 'SEV3' }),
      ],
      health,
      readiness: readiness({
        findings: [{ id: 'EXP-0', title: 'x', severity: 'SEV0', status: 'open' }],
      }),
      now: '2025-06-01',
    })
    expect(findings.map(({ id }) => id)).toEqual([
      'health:l2:head-advancing',
      'health:l2:peer-count:op-geth-2',
      'other/a.accept.ts > t',
      'other/b.accept.ts > t',
      'EXP-0',
      'other/c.accept.ts > t',
    ])
  })
})

describe('classifyFindings: mitigations', () => {
  const sev2 = aTest({ id: 'other/x.accept.ts > t', feature: 'other', severity: 'SEV2' })
  const plan = {
    finding: sev2.id,
    plan: 'Raise the gas limit',
    owner: 'bob',
    expires: '2025-07-01',
  }

  function mitigationOf(now: string | Date, plans = [plan]) {
    const [finding] = classifyFindings({
      gate: betanet,
      tests: [sev2],
      health: [],
      readiness: readiness({ mitigations: plans }),
      now,
    })
    return { mitigation: finding?.mitigation, mitigationExpired: finding?.mitigationExpired }
  }

  test('a plan is attached to the finding with the same id', () => {
    expect(mitigationOf('2025-06-01')).toEqual({
      mitigation: { plan: 'Raise the gas limit', owner: 'bob', expires: '2025-07-01' },
      mitigationExpired: false,
    })
  })

  test('the expiry day itself still counts; the day after does not', () => {
    expect(mitigationOf('2025-06-30').mitigationExpired).toBe(false)
    expect(mitigationOf('2025-07-01').mitigationExpired).toBe(false)
    expect(mitigationOf('2025-07-02').mitigationExpired).toBe(true)
  })

  test('a Date is read in UTC: late on the expiry day counts, midnight after does not', () => {
    expect(mitigationOf(new Date('2025-07-01T23:59:59Z')).mitigationExpired).toBe(false)
    expect(mitigationOf(new Date('2025-07-02T00:00:00Z')).mitigationExpired).toBe(true)
  })

  test('of several plans for one finding, the one that lasts longest counts', () => {
    const renewed = { ...plan, plan: 'Renewed', expires: '2025-08-01' }
    expect(mitigationOf('2025-07-15', [renewed, plan]).mitigation?.plan).toBe('Renewed')
    expect(mitigationOf('2025-07-15', [plan, renewed]).mitigation?.plan).toBe('Renewed')
  })

  test('a plan for another finding is not attached', () => {
    expect(mitigationOf('2025-06-01', [{ ...plan, finding: 'other/y.accept.ts > t' }])).toEqual({
      mitigation: undefined,
      mitigationExpired: undefined,
    })
  })
})

describe('toDay and isMitigationExpired', () => {
  test('toDay keeps a day and reads a Date in UTC', () => {
    expect(toDay('2025-07-01')).toBe('2025-07-01')
    expect(toDay(new Date('2025-07-01T23:59:59-05:00'))).toBe('2025-07-02')
  })

  test('toDay rejects anything but YYYY-MM-DD: the caller has a bug', () => {
    expect(() => toDay('July 1st')).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: expected a YYYY-MM-DD day, got "July 1st"]`,
    )
  })

  test('isMitigationExpired: only after the expiry day', () => {
    expect(isMitigationExpired({ expires: '2025-12-31' }, '2025-12-31')).toBe(false)
    expect(isMitigationExpired({ expires: '2025-12-31' }, '2026-01-01')).toBe(true)
  })
})
