import { describe, expect, test } from 'vitest'
import type { FlakyTest } from '../../history/Records.js'
import { groupFlakyTests } from './FlakyGroups.js'

function flaky(
  testId: string,
  gate: string,
  passed: number,
  failed: number,
  lastSeen: string,
): FlakyTest {
  return {
    testId,
    owner: 'bridge-team',
    feature: 'bridge',
    gate,
    devnet: 'local',
    gitCommit: 'abc123',
    passed,
    failed,
    passRate: passed / (passed + failed),
    lastSeen,
  }
}

describe('groupFlakyTests', () => {
  test('one group per test, across its gates, with the overall pass rate', () => {
    const groups = groupFlakyTests([
      flaky('a', 'alphanet', 3, 1, '2026-11-02T00:00:00Z'),
      flaky('b', 'alphanet', 1, 1, '2026-11-03T00:00:00Z'),
      flaky('a', 'betanet', 1, 3, '2026-11-04T00:00:00Z'),
    ])
    expect(groups.map((group) => group.testId)).toEqual(['a', 'b'])
    expect(groups[0]).toMatchObject({
      owner: 'bridge-team',
      passed: 4,
      failed: 4,
      passRate: 0.5,
      lastSeen: '2026-11-04T00:00:00Z',
    })
    expect(groups[0]?.occurrences.map((entry) => entry.gate)).toEqual(['betanet', 'alphanet'])
  })

  test('of tests last seen together, the least reliable comes first', () => {
    const groups = groupFlakyTests([
      flaky('steady', 'alphanet', 9, 1, '2026-11-02T00:00:00Z'),
      flaky('shaky', 'alphanet', 1, 9, '2026-11-02T00:00:00Z'),
    ])
    expect(groups.map((group) => group.testId)).toEqual(['shaky', 'steady'])
  })
})
