import { describe, expect, test } from 'vitest'
import type { Finding, HealthCheck } from '../core/index.js'
import { closestMatch, editDistance } from './CloseMatch.js'
import { UnmatchedReadinessError } from './GateError.js'
import { parseGatesFile } from './GatesFile.js'
import { parseReadinessFile, type ReadinessFile } from './Readiness.js'
import {
  type ReadinessMatchInput,
  requiredChecklistOf,
  unmatchedReadinessEntries,
  unmatchedReadinessError,
  unmatchedWarnings,
} from './ReadinessMatch.js'

const ids = {
  transfer: 'base/transfers.accept.ts > transfers > value moves exactly',
  nonce: 'base/nonces.accept.ts > nonces > no nonce is used twice',
  fee: 'fees/base-fee.accept.ts > EIP-1559 > base fee rises under load',
}

const health: HealthCheck[] = [
  { check: 'chain-id', chain: 'l2', ok: true, detail: 'chain id 901 as described' },
]

function finding(id: string): Finding {
  return { id, severity: 'SEV2', source: 'test', title: id, classifiedBy: 'declared by test' }
}

function readiness(entries: Partial<Record<keyof ReadinessFile, unknown>>): ReadinessFile {
  return parseReadinessFile({ version: 1, release: 'rc-1', ...entries }, 'rc-1.yaml')
}

function input(file: ReadinessFile): ReadinessMatchInput {
  return {
    readiness: file,
    tests: Object.values(ids).map((id) => ({ id })),
    health,
    verdicts: [{ findings: [finding(ids.fee)] }],
    requiredChecklist: ['fma-started', 'audit-done', 'runbooks'],
  }
}

const who = { reason: 'known', by: 'alice' }

describe('unmatchedReadinessEntries', () => {
  test('entries that match a test, a finding or a required item produce nothing', () => {
    const file = readiness({
      triage: [
        { test: ids.fee, severity: 'SEV3', ...who },
        { test: 'base/** > *', severity: 'SEV3', ...who },
        { test: 'base/nonces.accept.ts', severity: 'SEV3', ...who },
      ],
      mitigations: [
        { finding: ids.fee, plan: 'p', owner: 'o', expires: '2026-01-01' },
        // A test that passed this run, a manual finding, a health check that passed.
        { finding: ids.transfer, plan: 'p', owner: 'o', expires: '2026-01-01' },
        { finding: 'EXP-1', plan: 'p', owner: 'o', expires: '2026-01-01' },
        { finding: 'health:l2:chain-id', plan: 'p', owner: 'o', expires: '2026-01-01' },
      ],
      findings: [{ id: 'EXP-1', title: 'manual', severity: 'SEV3', status: 'resolved' }],
      // Expired: it still names a test of the run.
      quarantine: [{ test: ids.nonce, ...who, until: '2020-01-01' }],
      checklist: [
        { id: 'fma-started', title: 'FMA', done: true },
        // No gate requires it and it is no slip of one: a note for people.
        { id: 'load-test', title: 'Load test run by Platforms', done: false },
      ],
    })
    expect(unmatchedReadinessEntries(input(file))).toEqual([])
  })

  test('a triage override one letter off a test id: its path, and the test it meant', () => {
    const file = readiness({
      triage: [
        { test: ids.fee, severity: 'SEV3', ...who },
        { test: ids.fee.replace('rises', 'rise'), severity: 'SEV3', ...who },
      ],
    })
    expect(unmatchedReadinessEntries(input(file))).toEqual([
      {
        path: 'triage[1].test',
        names: ids.fee.replace('rises', 'rise'),
        matches: 'no test of the run',
        didYouMean: ids.fee,
      },
    ])
  })

  test('a quarantine entry naming a file one letter off: the file it meant', () => {
    const file = readiness({ quarantine: [{ test: 'base/transfer.accept.ts', ...who }] })
    expect(unmatchedReadinessEntries(input(file))).toEqual([
      {
        path: 'quarantine[0].test',
        names: 'base/transfer.accept.ts',
        matches: 'no test of the run',
        didYouMean: 'base/transfers.accept.ts',
      },
    ])
  })

  test('a pattern with wildcards that matches nothing gets no guess', () => {
    const file = readiness({ quarantine: [{ test: 'bridge/** > *', ...who }] })
    expect(unmatchedReadinessEntries(input(file))).toEqual([
      { path: 'quarantine[0].test', names: 'bridge/** > *', matches: 'no test of the run' },
    ])
  })

  test('a mitigation for a finding no run or file has, with and without a close match', () => {
    const file = readiness({
      mitigations: [
        { finding: ids.fee.toUpperCase(), plan: 'p', owner: 'o', expires: '2026-01-01' },
        { finding: 'health:l2:chain-i', plan: 'p', owner: 'o', expires: '2026-01-01' },
      ],
    })
    expect(unmatchedReadinessEntries(input(file))).toEqual([
      {
        path: 'mitigations[0].finding',
        names: ids.fee.toUpperCase(),
        matches: 'no finding or test of the run and no finding of the readiness file',
      },
      {
        path: 'mitigations[1].finding',
        names: 'health:l2:chain-i',
        matches: 'no finding or test of the run and no finding of the readiness file',
        didYouMean: 'health:l2:chain-id',
      },
    ])
  })

  test('a checklist item a slip away from a required item the checklist lacks', () => {
    const file = readiness({
      checklist: [
        { id: 'fma-started', title: 'FMA', done: true },
        { id: 'audit-don', title: 'Audit', done: true },
        // Close to fma-started, but that one is listed: not a slip of it.
        { id: 'fma-startd', title: 'FMA again', done: true },
      ],
    })
    expect(unmatchedReadinessEntries(input(file))).toEqual([
      {
        path: 'checklist[1].id',
        names: 'audit-don',
        matches: 'no checklist item a gate requires',
        didYouMean: 'audit-done',
      },
    ])
  })

  test('entries come in file order: triage, mitigations, quarantine, checklist', () => {
    const file = readiness({
      checklist: [{ id: 'runbook', title: 'Runbooks', done: true }],
      quarantine: [{ test: 'nope', ...who }],
      mitigations: [{ finding: 'nope', plan: 'p', owner: 'o', expires: '2026-01-01' }],
      triage: [{ test: 'nope', severity: 'SEV3', ...who }],
    })
    expect(unmatchedReadinessEntries(input(file)).map((entry) => entry.path)).toEqual([
      'triage[0].test',
      'mitigations[0].finding',
      'quarantine[0].test',
      'checklist[0].id',
    ])
  })
})

describe('warnings and the strict error', () => {
  const entries = unmatchedReadinessEntries(
    input(
      readiness({
        triage: [{ test: ids.nonce.replace('twice', 'twic'), severity: 'SEV3', ...who }],
        mitigations: [{ finding: 'EXP-9', plan: 'p', owner: 'o', expires: '2026-01-01' }],
      }),
    ),
  )

  test('each entry is a warning naming the file and the place in it', () => {
    expect(unmatchedWarnings(entries, 'rc/rc-1.yaml')).toEqual([
      {
        rule: 'readiness-unmatched',
        source: 'rc/rc-1.yaml: triage[0].test',
        message: `rc/rc-1.yaml: triage[0].test "${ids.nonce.replace('twice', 'twic')}" matches no test of the run; did you mean "${ids.nonce}"?; it is ignored`,
      },
      {
        rule: 'readiness-unmatched',
        source: 'rc/rc-1.yaml: mitigations[0].finding',
        message:
          'rc/rc-1.yaml: mitigations[0].finding "EXP-9" matches no finding or test of the run and no finding of the readiness file; it is ignored',
      },
    ])
  })

  test('strict: an input error (exit 2) naming the file, the first entry, then the others', () => {
    const error = unmatchedReadinessError(entries, 'rc/rc-1.yaml', 'gate betanet is strict')
    expect(error).toBeInstanceOf(UnmatchedReadinessError)
    expect(error.exitCode).toBe(2)
    expect(error.source).toBe('rc/rc-1.yaml')
    expect(error.message).toMatchInlineSnapshot(`
      "rc/rc-1.yaml has 2 entries that match nothing (gate betanet is strict): triage[0].test "base/nonces.accept.ts > nonces > no nonce is used twic" matches no test of the run; did you mean "base/nonces.accept.ts > nonces > no nonce is used twice"?

      Also:
        - mitigations[0].finding "EXP-9" matches no finding or test of the run and no finding of the readiness file"
    `)
    expect(error.hint).toMatchInlineSnapshot(
      `"Fix or remove those entries in rc/rc-1.yaml; to judge with them ignored (a warning), add --no-strict."`,
    )
  })
})

describe('requiredChecklistOf', () => {
  test('every gate’s required items, once each, in file order', () => {
    const file = parseGatesFile(
      {
        version: 1,
        gates: {
          a: { description: 'a', policy: { requiredChecklist: ['fma-started'] } },
          b: { description: 'b', inherits: 'a', policy: { requiredChecklist: ['audit-done'] } },
          c: { description: 'c', policy: { requiredChecklist: ['fma-started', 'runbooks'] } },
          d: { description: 'd' },
        },
      },
      'gates.yaml',
    )
    expect(requiredChecklistOf(file)).toEqual(['fma-started', 'audit-done', 'runbooks'])
  })
})

describe('closestMatch', () => {
  test('the nearest candidate within the slip limit; none when nothing is close', () => {
    expect(closestMatch('audit-don', ['runbooks', 'audit-done', 'audit-gone'])).toBe('audit-done')
    expect(closestMatch('xyz', ['runbooks', 'audit-done'])).toBeUndefined()
    // Ties: the first candidate.
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac')
    // Long ids allow one edit per 8 characters.
    const id = 'a'.repeat(40)
    expect(closestMatch(`${id}bbbbb`, [id])).toBe(id)
    expect(closestMatch(`${id}bbbbbb`, [id])).toBeUndefined()
  })

  test('editDistance counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('same', 'same')).toBe(0)
    // Past the bound it stops early and says so.
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3)
  })
})
