import { describe, expect, test } from 'vitest'
import type { ResolvedSelector } from './Gate.js'
import { selectTests } from './Selection.js'

const tests = [
  {
    id: 'base/liveness.accept.ts > liveness > L1 produces blocks',
    file: 'base/liveness.accept.ts',
    feature: 'base',
  },
  {
    id: 'base/transfers.accept.ts > value transfers > L2 transfer',
    file: 'base/transfers.accept.ts',
    feature: 'base',
  },
  {
    id: 'bridge/deposits.accept.ts > deposits > ETH deposit',
    file: 'bridge/deposits.accept.ts',
    feature: 'deposits',
  },
  {
    id: 'bridge/withdrawals.accept.ts > withdrawals > prove',
    file: 'bridge/withdrawals.accept.ts',
    feature: 'withdrawals',
  },
  {
    id: 'fees/eip1559.accept.ts > base fee > rises when full',
    file: 'fees/eip1559.accept.ts',
    feature: 'fees',
  },
]

const none: ResolvedSelector = { features: [], tests: [] }

function ids(list: readonly { id: string }[]): string[] {
  return list.map(({ id }) => id)
}

describe('selectTests', () => {
  test('no include selects every test', () => {
    const selection = selectTests({ include: null, exclude: none }, tests)
    expect(ids(selection.selected)).toEqual(ids(tests))
    expect(selection.excluded).toEqual([])
  })

  test('include by feature takes in only those features', () => {
    const selection = selectTests(
      { include: { features: ['base'], tests: [] }, exclude: none },
      tests,
    )
    expect(ids(selection.selected)).toEqual(ids(tests.slice(0, 2)))
    expect(selection.excluded.map(({ test, reason }) => [test.feature, reason])).toEqual([
      ['deposits', 'not included (include: features base)'],
      ['withdrawals', 'not included (include: features base)'],
      ['fees', 'not included (include: features base)'],
    ])
  })

  test('include by feature or by test pattern: either takes a test in', () => {
    const selection = selectTests(
      { include: { features: ['fees'], tests: ['bridge/deposits.accept.ts > *'] }, exclude: none },
      tests,
    )
    expect(ids(selection.selected)).toEqual([tests[2]?.id, tests[4]?.id])
    expect(selection.excluded[0]?.reason).toBe(
      'not included (include: features fees; tests "bridge/deposits.accept.ts > *")',
    )
  })

  test('include by folder glob', () => {
    const selection = selectTests(
      { include: { features: [], tests: ['bridge/**'] }, exclude: none },
      tests,
    )
    expect(ids(selection.selected)).toEqual([tests[2]?.id, tests[3]?.id])
  })

  test('exclude wins over include, by feature and by pattern, and says which', () => {
    const selection = selectTests(
      {
        include: { features: ['base', 'deposits', 'withdrawals'], tests: [] },
        exclude: { features: ['withdrawals'], tests: ['base/transfers.accept.ts'] },
      },
      tests,
    )
    expect(ids(selection.selected)).toEqual([tests[0]?.id, tests[2]?.id])
    expect(selection.excluded.map(({ test, reason }) => [test.id, reason])).toEqual([
      [tests[1]?.id, 'excluded by test pattern "base/transfers.accept.ts"'],
      [tests[3]?.id, 'excluded by feature "withdrawals"'],
      [tests[4]?.id, 'not included (include: features base, deposits, withdrawals)'],
    ])
  })

  test('exclude applies when there is no include', () => {
    const selection = selectTests(
      { include: null, exclude: { features: [], tests: ['** > * > prove'] } },
      tests,
    )
    expect(selection.excluded.map(({ test }) => test.id)).toEqual([tests[3]?.id])
    expect(selection.selected).toHaveLength(4)
  })

  test('an include that matches nothing selects nothing (the verdict blocks on that)', () => {
    const selection = selectTests(
      { include: { features: ['governance'], tests: [] }, exclude: none },
      tests,
    )
    expect(selection.selected).toEqual([])
    expect(selection.excluded).toHaveLength(tests.length)
  })

  test('keeps the objects it was given, so callers get their own type back', () => {
    const selection = selectTests({ include: null, exclude: none }, tests)
    expect(selection.selected[0]).toBe(tests[0])
  })
})
