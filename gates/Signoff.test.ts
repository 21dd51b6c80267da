import { describe, expect, test } from 'vitest'
import type { Results, Verdict } from '../core/index.js'
import { decideSignoff } from './Signoff.js'

function verdict(gate: string, decision: Verdict['decision']): Verdict {
  return {
    gate,
    decision,
    reasons: [],
    counts: { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 },
    findings: [],
  }
}

const results = {
  schemaVersion: 1,
  run: {
    id: 'run-1',
    startedAt: '2026-11-30T10:00:00.000Z',
    finishedAt: '2026-11-30T10:01:00.000Z',
    gates: ['alphanet', 'betanet'],
    devnet: { backend: 'embedded', name: 'embedded', chains: [] },
    suitesRoot: '/suites',
    complete: true,
  },
  tests: [],
  health: [],
  verdicts: [verdict('alphanet', 'promote'), verdict('betanet', 'block')],
} satisfies Results

const request = {
  results,
  digest: 'sha256:ab',
  by: 'platforms-oncall',
  at: '2026-11-30T11:00:00.000Z',
}

describe('decideSignoff', () => {
  test('signs off a gate that promoted, naming the results by their digest', () => {
    expect(decideSignoff({ ...request, gate: 'alphanet', notes: 'ship it' })).toEqual({
      ok: true,
      signoff: {
        runId: 'run-1',
        gate: 'alphanet',
        by: 'platforms-oncall',
        at: '2026-11-30T11:00:00.000Z',
        digest: 'sha256:ab',
        decision: 'promote',
        notes: 'ship it',
      },
    })
  })

  test('refuses a gate that blocked', () => {
    const decision = decideSignoff({ ...request, gate: 'betanet' })
    expect(decision.ok).toBe(false)
    expect(!decision.ok && decision.reason).toContain('its verdict is block')
  })

  test('refuses a gate the run was not judged by, and a sign-off without a name', () => {
    expect(decideSignoff({ ...request, gate: 'testnet' }).ok).toBe(false)
    expect(decideSignoff({ ...request, gate: 'alphanet', by: ' ' }).ok).toBe(false)
  })
})
