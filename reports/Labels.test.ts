import { describe, expect, test } from 'vitest'
import { severityRank } from './Labels.js'

describe('severityRank', () => {
  test('severities rank most severe first; no severity ranks after all of them', () => {
    expect((['SEV0', 'SEV1', 'SEV2', 'SEV3', undefined] as const).map(severityRank)).toEqual([
      0, 1, 2, 3, 4,
    ])
  })
})
