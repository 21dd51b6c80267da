import { describe, expect, test } from 'vitest'
import { fixtureIds, fixtureResults } from '../test/fixtures/reports.js'
import { collectFindings, countFindings, testSeverities } from './Findings.js'

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

describe('testSeverities', () => {
  test('severity per test: classified where there is a finding, declared otherwise', () => {
    const severities = testSeverities(fixtureResults())
    expect(severities.get(fixtureIds.relay)).toBe('SEV0')
    expect(severities.get(fixtureIds.deposit)).toBe('SEV1')
    expect(severities.get(fixtureIds.chainId)).toBeUndefined()
  })
})
