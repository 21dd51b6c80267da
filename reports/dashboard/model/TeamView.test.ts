import { describe, expect, test } from 'vitest'
import type { TestStatus } from '../../../core/index.js'
import type { FlakyTest } from '../../history/Records.js'
import { fixtureRun, fixtureTestId } from '../../history/testing/HistoryFixtures.js'
import { teamView } from './TeamView.js'

function run(id: string, day: number, statuses: Record<string, TestStatus>) {
  return fixtureRun({
    id,
    startedAt: `2026-11-0${day}T00:00:00.000Z`,
    tests: Object.entries(statuses).map(([name, status]) => ({ name, status, severity: 'SEV1' })),
  })
}

const runs = [
  run('r1', 1, { 'broken for a while': 'passed', 'fixed since': 'failed', steady: 'passed' }),
  run('r2', 2, { 'broken for a while': 'failed', 'fixed since': 'failed', steady: 'passed' }),
  run('r3', 3, { 'broken for a while': 'timedOut', 'fixed since': 'passed', steady: 'passed' }),
]

describe('teamView', () => {
  test('failing tests: failing now first, since when, how often, the last failure', () => {
    const view = teamView('bridge-team', [...runs].reverse(), [])
    expect(view.runsConsidered).toBe(3)
    expect(
      view.failing.map((test) => [test.name, test.failingNow, test.failures, test.runs]),
    ).toEqual([
      ['broken for a while', true, 2, 3],
      ['fixed since', false, 2, 3],
    ])
    const [broken, fixed] = view.failing
    expect(broken).toMatchObject({
      lastStatus: 'timedOut',
      lastRunId: 'r3',
      failingSince: '2026-11-02T00:00:00.000Z',
      lastFailure: {
        runId: 'r3',
        severity: 'SEV1',
        error: 'AssertionError: expected broken for a while to hold on bridge',
      },
    })
    expect(fixed).toMatchObject({
      lastStatus: 'passed',
      lastRunId: 'r3',
      lastFailure: { runId: 'r2' },
    })
    expect(fixed?.failingSince).toBeUndefined()
  })

  test('other owners’ tests and flaky entries are left out', () => {
    expect(teamView('fees-team', runs, []).failing).toEqual([])
    const flaky: FlakyTest = {
      testId: fixtureTestId({ name: 'steady' }),
      owner: 'fees-team',
      feature: 'fees',
      gate: 'alphanet',
      devnet: 'local',
      gitCommit: 'abc',
      passed: 1,
      failed: 1,
      passRate: 0.5,
      lastSeen: '2026-11-03T00:00:00.000Z',
    }
    expect(teamView('bridge-team', runs, [flaky]).flaky).toEqual([])
    expect(teamView('fees-team', runs, [flaky]).flaky.map((group) => group.testId)).toEqual([
      flaky.testId,
    ])
  })

  test('tests that passed only on a retry, with how many runs', () => {
    const retried = runs.map((results) => structuredClone(results))
    for (const results of retried.slice(1)) {
      const steady = results.tests.find((test) => test.name === 'steady')
      if (steady !== undefined) Object.assign(steady, { flaky: true, attempts: 2 })
    }
    expect(teamView('bridge-team', retried, []).retried).toEqual([
      {
        testId: fixtureTestId({ name: 'steady' }),
        name: 'steady',
        feature: 'bridge',
        retriedPasses: 2,
      },
    ])
  })
})
