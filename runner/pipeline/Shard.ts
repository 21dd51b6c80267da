import { createHash } from 'node:crypto'
import { UsageError } from '../../core/index.js'
import type { ResolvedGate } from '../../gates/index.js'

/**
 * Shards: `signalbox run --shard i/n` runs a deterministic 1/n of the tests
 * the gates select, so that n machines share one run; `signalbox merge`
 * puts the n results back together.
 *
 * The split is by test, not by file: signalbox already runs single tests of
 * a file (the gates' selection), and acceptance tests of one file often
 * differ a hundredfold in duration, so a split by file balances badly. A
 * file's `beforeAll` then runs in every shard that has one of its tests.
 *
 * Balanced by each test's recent durations in history, where there are any:
 * longest first, each to the shard with the least work so far. Durations are
 * rounded up to a power of two so that shards planned a little apart in time
 * (a run saved in between) still split alike; shards that do split
 * differently are told apart by `splitDigest`, and merge refuses them. Pure.
 */

/** Which part of a run a shard is: the `index`th (from 1) of `count`. */
export interface ShardSpec {
  index: number
  count: number
}

/** What a shard runs, and what merge checks the shards agree on. */
export interface ShardPlan extends ShardSpec {
  /** The ids of the tests this shard runs, in the order given. */
  tests: string[]
  /** `selectionDigest` of the gates and every selected test. */
  selection: string
  /** `splitDigest` of the whole split. */
  split: string
}

/** The weight of a test nothing is known about, when nothing at all is known. */
const unknownWeight = 1

/**
 * Parses `i/n` (`--shard 2/3`): whole numbers with 1 ≤ i ≤ n.
 *
 * @throws {UsageError} naming `option` and what it takes.
 */
export function parseShard(text: string, option = '--shard'): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || index < 1 || count < 1 || index > count || !Number.isSafeInteger(count)) {
    throw new UsageError(`${option} takes i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${text}"`)
  }
  return { index, count }
}

/**
 * Splits `tests` into `count` shards of about equal total duration:
 * longest first (ties by id), each to the shard with the least total so far
 * (ties to the lower index); each shard lists its tests in the order given.
 * A test without a duration weighs the median of the known ones.
 *
 * @param tests Test ids, each once.
 * @param count How many shards.
 * @param durationsMs Recent duration of each test, where history knows one.
 */
export function splitTests(
  tests: readonly string[],
  count: number,
  durationsMs: ReadonlyMap<string, number>,
): string[][] {
  const weights = weightsOf(tests, durationsMs)
  const order = new Map(tests.map((id, position) => [id, position]))
  const byWeight = [...tests].sort(
    (a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  )
  const totals = Array.from({ length: count }, () => 0)
  const shards: string[][] = Array.from({ length: count }, () => [])
  for (const id of byWeight) {
    let lightest = 0
    for (let shard = 1; shard < count; shard++) {
      if ((totals[shard] ?? 0) < (totals[lightest] ?? 0)) lightest = shard
    }
    totals[lightest] = (totals[lightest] ?? 0) + (weights.get(id) ?? 0)
    shards[lightest]?.push(id)
  }
  for (const shard of shards) shard.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
  return shards
}

/**
 * The shard `spec` of the tests the gates select.
 *
 * @param gates The gates of the run, resolved.
 * @param tests Every test the gates select together (`planOf(…).toRun`).
 * @param durationsMs Recent durations from history; empty without history.
 */
export function planShard(
  spec: ShardSpec,
  gates: readonly ResolvedGate[],
  tests: readonly string[],
  durationsMs: ReadonlyMap<string, number>,
): ShardPlan {
  const shards = splitTests(tests, spec.count, durationsMs)
  return {
    ...spec,
    tests: shards[spec.index - 1] ?? [],
    selection: selectionDigest(gates, tests),
    split: splitDigest(shards),
  }
}

/**
 * The digest of what a sharded run covers: the gates as resolved (their
 * selection and policy) and the ids of every test they select, in any order.
 */
export function selectionDigest(gates: readonly ResolvedGate[], tests: readonly string[]): string {
  return digest({ gates, tests: [...tests].sort() })
}

/** The digest of a split: which tests each shard runs, shard by shard. */
export function splitDigest(shards: readonly (readonly string[])[]): string {
  return digest(shards.map((shard) => [...shard].sort()))
}

function digest(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`
}

/** Each test's weight: its duration rounded up to a power of two; unknown → the median weight. */
function weightsOf(
  tests: readonly string[],
  durationsMs: ReadonlyMap<string, number>,
): Map<string, number> {
  const known = tests.flatMap((id) => {
    const ms = durationsMs.get(id)
    return ms === undefined ? [] : [[id, roundedUp(ms)] as const]
  })
  const sorted = known.map(([, weight]) => weight).sort((a, b) => a - b)
  const fallback = sorted.length === 0 ? unknownWeight : (sorted[sorted.length >> 1] ?? 1)
  const weights = new Map(known)
  for (const id of tests) if (!weights.has(id)) weights.set(id, fallback)
  return weights
}

/** The power of two at or above `ms` (at least 1): close durations weigh the same. */
function roundedUp(ms: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, ms)))
}
