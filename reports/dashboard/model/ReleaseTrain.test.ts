import { describe, expect, test } from 'vitest'
import type { Decision, Verdict } from '../../../core/index.js'
import type { RunSummary, Signoff } from '../../history/Records.js'
import { releaseTrain, type TrainRun, trainRunIds } from './ReleaseTrain.js'

const noCounts = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }

function verdict(gate: string, decision: Decision, extra: Partial<Verdict> = {}): Verdict {
  return { gate, decision, reasons: [], counts: noCounts, findings: [], ...extra }
}

function run(
  runId: string,
  startedAt: string,
  verdicts: Verdict[],
  signoffs: Signoff[] = [],
): TrainRun {
  return { runId, startedAt, release: 'v1.9.0-rc.1', verdicts, signoffs }
}

const blockedOnBetanet = verdict('betanet', 'block', {
  reasons: [{ rule: 'sev2-open', message: 'SEV2 findings are open', refs: ['fees > base fee'] }],
})

describe('releaseTrain', () => {
  test('a release that passed alphanet waits on betanet for its reasons; testnet has not run', () => {
    const train = releaseTrain({
      runs: [run('r1', '2026-11-01T00:00:00Z', [verdict('alphanet', 'promote'), blockedOnBetanet])],
      today: '2026-11-20',
    })
    expect(train.train).toEqual(['alphanet', 'betanet', 'testnet'])
    const [standing] = train.releases
    expect(standing?.steps.map((step) => step.status)).toEqual(['promote', 'block', 'not-run'])
    expect(standing?.nextStep).toBe('betanet')
    expect(standing?.blockers).toEqual(blockedOnBetanet.reasons)
  })

  test('the latest run on each gate counts, and a sign-off marks its step', () => {
    const signoff: Signoff = {
      runId: 'r2',
      gate: 'alphanet',
      by: 'A. Rivera',
      at: '2026-11-02T12:00:00Z',
      digest: 'sha256:x',
      decision: 'promote',
    }
    const train = releaseTrain({
      runs: [
        run('r1', '2026-11-01T00:00:00Z', [verdict('alphanet', 'block')]),
        run('r2', '2026-11-02T00:00:00Z', [verdict('alphanet', 'promote')], [signoff]),
      ],
      today: '2026-11-20',
    })
    expect(train.releases[0]?.steps[0]).toMatchObject({
      gate: 'alphanet',
      status: 'signed-off',
      runId: 'r2',
      signoff: { by: 'A. Rivera', at: '2026-11-02T12:00:00Z' },
    })
    expect(train.releases[0]?.nextStep).toBe('betanet')
    expect(train.releases[0]?.blockers).toEqual([])
  })

  test('a release that passed every gate has no next step', () => {
    const train = releaseTrain({
      runs: [
        run('r1', '2026-11-01T00:00:00Z', [
          verdict('alpha', 'promote'),
          verdict('beta', 'promote'),
        ]),
      ],
      train: ['alpha', 'beta'],
      today: '2026-11-20',
    })
    expect(train.releases[0]?.nextStep).toBeUndefined()
  })

  test('lists mitigations that run out within the warning window, not later or expired ones', () => {
    const finding = (id: string, expires: string) => ({
      id,
      severity: 'SEV2' as const,
      source: 'test' as const,
      title: id,
      classifiedBy: 'declared by test',
      mitigation: { plan: 'fix it', owner: 'fees-team', expires },
    })
    const train = releaseTrain({
      runs: [
        run('r1', '2026-11-01T00:00:00Z', [
          verdict('alphanet', 'promote', {
            findings: [
              finding('today', '2026-11-20'),
              finding('soon', '2026-11-27'),
              finding('later', '2026-11-28'),
              finding('expired', '2026-11-19'),
            ],
          }),
        ]),
      ],
      today: '2026-11-20',
    })
    expect(
      train.releases[0]?.expiringMitigations.map((item) => [item.findingId, item.daysLeft]),
    ).toEqual([
      ['today', 0],
      ['soon', 7],
    ])
  })

  test('releases run most recently come first', () => {
    const train = releaseTrain({
      runs: [
        { ...run('r1', '2026-11-01T00:00:00Z', []), release: 'old' },
        { ...run('r2', '2026-11-05T00:00:00Z', []), release: 'new' },
      ],
      today: '2026-11-20',
    })
    expect(train.releases.map((standing) => standing.release)).toEqual(['new', 'old'])
  })
})

describe('trainRunIds', () => {
  function summary(
    id: string,
    startedAt: string,
    release: string | undefined,
    gates: string[],
  ): RunSummary {
    return {
      id,
      startedAt,
      finishedAt: startedAt,
      durationMs: 0,
      complete: true,
      devnet: { backend: 'embedded', name: 'local' },
      verdicts: gates.map((gate) => ({ gate, decision: 'promote', counts: noCounts })),
      tests: { passed: 1, failed: 0, errored: 0, timedOut: 0, skipped: 0 },
      meta: {
        digest: 'sha256:x',
        savedAt: startedAt,
        source: 'push',
        ...(release !== undefined && { release }),
      },
    }
  }

  test('the latest run of each release on each gate of the train, for the most recent releases', () => {
    const summaries = [
      summary('a-old', '2026-11-01T00:00:00Z', 'a', ['alphanet', 'betanet']),
      summary('a-new', '2026-11-03T00:00:00Z', 'a', ['alphanet']),
      summary('b', '2026-11-02T00:00:00Z', 'b', ['betanet', 'pr']),
      summary('none', '2026-11-04T00:00:00Z', undefined, ['alphanet']),
      summary('pr-only', '2026-11-04T00:00:00Z', 'c', ['pr']),
    ]
    expect(trainRunIds(summaries).sort()).toEqual(['a-new', 'a-old', 'b'])
    expect(trainRunIds(summaries, ['alphanet', 'betanet', 'testnet'], 1).sort()).toEqual([
      'a-new',
      'a-old',
    ])
  })
})
