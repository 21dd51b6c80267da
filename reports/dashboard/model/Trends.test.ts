import { describe, expect, test } from 'vitest'
import type { Decision, SeverityCounts, TestStatus } from '../../../core/index.js'
import type { RunSummary } from '../../history/Records.js'
import { fixtureRun } from '../../history/testing/HistoryFixtures.js'
import { featureTrend, gateTrend } from './Trends.js'

const none: SeverityCounts = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }

function summary(
  id: string,
  startedAt: string,
  verdicts: { gate: string; decision: Decision; counts?: Partial<SeverityCounts> }[],
  tests: Partial<Record<TestStatus, number>>,
): RunSummary {
  return {
    id,
    startedAt,
    finishedAt: startedAt,
    durationMs: 60_000,
    complete: true,
    devnet: { backend: 'embedded', name: 'local' },
    verdicts: verdicts.map(({ gate, decision, counts }) => ({
      gate,
      decision,
      counts: { ...none, ...counts },
    })),
    tests: { passed: 0, failed: 0, errored: 0, timedOut: 0, skipped: 0, ...tests },
    meta: { digest: `sha256:${id}`, savedAt: startedAt, source: 'local' },
  }
}

describe('gateTrend', () => {
  test('one point per run of the gate, oldest first, from the summaries alone', () => {
    const trend = gateTrend(
      [
        summary(
          'r3',
          '2026-11-03T00:00:00Z',
          [{ gate: 'alphanet', decision: 'block', counts: { SEV1: 2 } }],
          {
            passed: 6,
            failed: 2,
            skipped: 4,
          },
        ),
        summary('r2', '2026-11-02T00:00:00Z', [{ gate: 'betanet', decision: 'promote' }], {
          passed: 1,
        }),
        summary('r1', '2026-11-01T00:00:00Z', [{ gate: 'alphanet', decision: 'promote' }], {
          skipped: 3,
        }),
      ],
      'alphanet',
    )
    expect(trend.gate).toBe('alphanet')
    expect(trend.points.map((point) => point.runId)).toEqual(['r1', 'r3'])
    expect(trend.points[0]).toMatchObject({ passRate: null, tests: 0, decision: 'promote' })
    expect(trend.points[1]).toMatchObject({
      passRate: 0.75,
      tests: 8,
      decision: 'block',
      findings: { SEV0: 0, SEV1: 2, SEV2: 0, SEV3: 0 },
      durationMs: 60_000,
    })
  })
})

describe('featureTrend', () => {
  test('counts only the feature’s tests and the findings charged to them', () => {
    const older = fixtureRun({
      id: 'r1',
      startedAt: '2026-11-01T00:00:00Z',
      tests: [
        { name: 'deposit', status: 'passed', durationMs: 1000 },
        { name: 'withdraw', status: 'failed', severity: 'SEV1', durationMs: 3000 },
        { name: 'fee', feature: 'fees', status: 'failed', severity: 'SEV2' },
      ],
    })
    const newer = fixtureRun({
      id: 'r2',
      startedAt: '2026-11-02T00:00:00Z',
      tests: [
        { name: 'deposit', status: 'passed', durationMs: 1000 },
        { name: 'withdraw', status: 'passed', durationMs: 2000 },
        { name: 'skipped', status: 'skipped', durationMs: 0 },
      ],
    })
    const trend = featureTrend([newer, older], 'alphanet', 'bridge')
    expect(trend).toMatchObject({ gate: 'alphanet', feature: 'bridge' })
    expect(trend.points).toEqual([
      {
        runId: 'r1',
        startedAt: '2026-11-01T00:00:00Z',
        decision: 'block',
        passRate: 0.5,
        tests: 2,
        findings: { SEV0: 0, SEV1: 1, SEV2: 0, SEV3: 0 },
        durationMs: 4000,
      },
      {
        runId: 'r2',
        startedAt: '2026-11-02T00:00:00Z',
        decision: 'promote',
        passRate: 1,
        tests: 2,
        findings: none,
        durationMs: 3000,
      },
    ])
  })

  test('quarantined findings, which the verdict does not count, are left out', () => {
    const run = fixtureRun({
      id: 'r1',
      startedAt: '2026-11-01T00:00:00Z',
      tests: [{ name: 'withdraw', status: 'failed', severity: 'SEV1' }],
    })
    for (const finding of run.verdicts[0]?.findings ?? []) finding.quarantined = true
    expect(featureTrend([run], 'alphanet', 'bridge').points[0]?.findings).toEqual(none)
    expect(featureTrend([run], 'betanet', 'bridge').points).toEqual([])
  })
})
