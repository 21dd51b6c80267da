import { describe, expect, test } from 'vitest'
import type { ResolvedGate } from '../../gates/index.js'
import { parseShard, planShard, selectionDigest, splitTests } from './Shard.js'

const ids = Array.from({ length: 10 }, (_, index) => `t/t.accept.ts > t > test ${index}`)
const gate = { name: 'pr', include: null } as unknown as ResolvedGate

describe('parseShard', () => {
  test('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 })
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 })
  })

  test.each(['0/2', '3/2', '1', '1/0', 'a/b', '-1/2', '1.5/2', ''])(
    'refuses "%s" naming the option',
    (text) => {
      expect(() => parseShard(text)).toThrowError(
        `--shard takes i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${text}"`,
      )
    },
  )
})

describe('splitTests', () => {
  test('every test in exactly one shard, each shard in the order given', () => {
    for (const count of [1, 2, 3, 4, 10, 13]) {
      const shards = splitTests(ids, count, new Map())
      expect(shards).toHaveLength(count)
      expect(shards.flat().sort()).toEqual([...ids].sort())
      for (const shard of shards) expect(shard).toEqual(ids.filter((id) => shard.includes(id)))
    }
  })

  test('without history: shards differ by at most one test', () => {
    const sizes = splitTests(ids, 3, new Map()).map((shard) => shard.length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
  })

  test('with durations: the long tests go to different shards and totals balance', () => {
    const durations = new Map(ids.map((id, index) => [id, index < 2 ? 60_000 : 1_000]))
    const shards = splitTests(ids, 2, durations)
    const [first, second] = shards.map((shard) =>
      shard.filter((id) => durations.get(id) === 60_000),
    )
    expect(first).toHaveLength(1)
    expect(second).toHaveLength(1)
    expect(shards.map((shard) => shard.length)).toEqual([5, 5])
  })

  test('a test history does not know weighs the median of those it knows', () => {
    // Three tests of ~8 s known, two unknown: the unknown weigh 8 s, not nothing.
    const durations = new Map([
      [ids[0] as string, 8_000],
      [ids[1] as string, 8_000],
      [ids[2] as string, 8_000],
    ])
    const shards = splitTests(ids.slice(0, 5), 2, durations)
    expect(shards.map((shard) => shard.length)).toEqual([3, 2])
  })

  test('deterministic, whatever order the durations come in; close durations split alike', () => {
    const durations = new Map(ids.map((id, index) => [id, 1_000 + index * 37]))
    const reversed = new Map([...durations].reverse())
    expect(splitTests(ids, 3, reversed)).toEqual(splitTests(ids, 3, durations))
    // 1000–1333 ms all round up to 1024 or 2048: a few ms more or less changes nothing.
    const drifted = new Map([...durations].map(([id, ms]) => [id, ms + 5]))
    expect(splitTests(ids, 3, drifted)).toEqual(splitTests(ids, 3, durations))
  })
})

describe('planShard', () => {
  test('shards of one run share the selection and split; their tests add up to the selection', () => {
    const plans = [1, 2, 3].map((index) => planShard({ index, count: 3 }, [gate], ids, new Map()))
    expect(new Set(plans.map((plan) => plan.selection)).size).toBe(1)
    expect(new Set(plans.map((plan) => plan.split)).size).toBe(1)
    expect(plans.flatMap((plan) => plan.tests).sort()).toEqual([...ids].sort())
  })

  test('another selection or another split has another digest', () => {
    const plan = planShard({ index: 1, count: 2 }, [gate], ids, new Map())
    expect(planShard({ index: 1, count: 2 }, [gate], ids.slice(1), new Map()).selection).not.toBe(
      plan.selection,
    )
    expect(
      planShard({ index: 1, count: 2 }, [{ ...gate, name: 'alphanet' }], ids, new Map()).selection,
    ).not.toBe(plan.selection)
    const skewed = new Map(ids.map((id, index) => [id, index === 1 ? 100_000 : 1_000]))
    expect(planShard({ index: 1, count: 2 }, [gate], ids, skewed).split).not.toBe(plan.split)
    expect(selectionDigest([gate], [...ids].reverse())).toBe(plan.selection)
  })
})
