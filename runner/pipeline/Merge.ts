import {
  type HealthCheck,
  InputError,
  type Results,
  type RunInfo,
  type TestResult,
} from '../../core/index.js'
import type { ResolvedGate } from '../../gates/index.js'
import { selectionDigest } from './Shard.js'

/**
 * `signalbox merge`: the results of every shard of a run (`run --shard i/n`)
 * put back together into the results of one run, ready to be judged. The
 * shards must belong together — the same gates, devnet, commit, selection
 * and split, each shard exactly once — or nothing is merged: a missing,
 * duplicated or foreign shard is an InputError naming the file (exit 2),
 * never a pass. Pure.
 */

/** One results file given to merge. */
export interface ShardFile {
  /** The file as errors name it. */
  file: string
  results: Results
}

/** The merged run, not yet judged: what `judge` takes. */
export interface MergedRun {
  run: RunInfo
  /** Every shard's tests, by id. */
  tests: TestResult[]
  /** One check per chain, check and node: a failure in any shard wins. */
  health: HealthCheck[]
}

const mergeHint =
  'Merge the results.json of every shard of one run (run --shard i/n, the same gates, devnet, commit and suites), each once.'

/**
 * Checks that `shards` are every shard of one run, each once, and merges them.
 *
 * @param shards The results files, as given.
 * @param options.gates The gates merge judges by, resolved: they must be those the shards ran with.
 * @param options.runId The merged run's id.
 * @throws {InputError} for a file that is not a shard, a shard of another run, a shard given twice or missing.
 */
export function mergeShards(
  shards: readonly ShardFile[],
  options: { gates: readonly ResolvedGate[]; runId: string },
): MergedRun {
  const [reference, ...others] = shards
  if (reference === undefined) throw new InputError('merge needs the results of every shard')
  const shardOf = (entry: ShardFile) => {
    const shard = entry.results.run.shard
    if (!shard || shard.selection === undefined || shard.split === undefined || !shard.tests) {
      throw new InputError(`${entry.file} is not the results of a shard`, {
        source: entry.file,
        details: shard
          ? 'Its run.shard lacks the selection, split and tests a merge checks.'
          : 'It has no run.shard: it is the results of a whole run.',
        hint: mergeHint,
      })
    }
    return { ...shard, tests: shard.tests, selection: shard.selection, split: shard.split }
  }
  const expected = shardOf(reference)
  for (const entry of others) {
    const shard = shardOf(entry)
    const differences = [
      ['shard count', expected.count, shard.count],
      ['gates', reference.results.run.gates, entry.results.run.gates],
      ['devnet', devnetOf(reference.results.run), devnetOf(entry.results.run)],
      ['git commit', reference.results.run.gitCommit ?? null, entry.results.run.gitCommit ?? null],
      ['selection', expected.selection, shard.selection],
      ['split of the tests', expected.split, shard.split],
      ['repeat', reference.results.run.repeat ?? 1, entry.results.run.repeat ?? 1],
    ].filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b))
    if (differences.length > 0) {
      const onlySplit = differences.every(([name]) => name === 'split of the tests')
      throw new InputError(`${entry.file} is a shard of another run than ${reference.file}`, {
        source: entry.file,
        details: differences
          .map(([name, a, b]) => `${name}: ${show(b)} (${reference.file}: ${show(a)})`)
          .join('\n'),
        hint: onlySplit
          ? 'The shards were split from different test durations (a run saved in history between them?). Run every shard against the same history store, or rerun them.'
          : mergeHint,
      })
    }
  }

  const byIndex = new Map<number, ShardFile>()
  for (const entry of shards) {
    const { index, count } = shardOf(entry)
    const twice = byIndex.get(index)
    if (twice) {
      throw new InputError(
        `shard ${index}/${count} is given twice: ${twice.file} and ${entry.file}`,
        {
          source: entry.file,
          hint: mergeHint,
        },
      )
    }
    byIndex.set(index, entry)
  }
  const missing = Array.from({ length: expected.count }, (_, at) => at + 1).filter(
    (index) => !byIndex.has(index),
  )
  if (missing.length > 0) {
    throw new InputError(
      `shard ${missing.map((index) => `${index}/${expected.count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing from the merge`,
      {
        source: shards.map((entry) => entry.file).join(', '),
        details: `Given: ${shards.map((entry) => `${entry.file} (shard ${shardOf(entry).index}/${expected.count})`).join(', ')}.`,
        hint: mergeHint,
      },
    )
  }

  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry)
  const tests = new Map<string, TestResult>()
  const planned: string[] = []
  for (const entry of ordered) {
    const given = new Set(shardOf(entry).tests)
    planned.push(...given)
    for (const test of entry.results.tests) {
      if (!given.has(test.id) || tests.has(test.id)) {
        throw new InputError(`${entry.file} holds a test its shard was not given: "${test.id}"`, {
          source: entry.file,
          hint: mergeHint,
        })
      }
      tests.set(test.id, test)
    }
  }
  if (selectionDigest(options.gates, planned) !== expected.selection) {
    throw new InputError('the shards ran with other gates than merge judges by', {
      source: shards.map((entry) => entry.file).join(', '),
      details: `The shards' tests and the gates ${reference.results.run.gates.join(', ')} as merge resolves them do not make the selection the shards were split from.`,
      hint: 'Give merge the gates file the shards ran with (--gates-file).',
    })
  }

  const runs = ordered.map((entry) => entry.results.run)
  const errors = ordered.flatMap((entry) => {
    const { run } = entry.results
    return run.error === undefined
      ? []
      : [`shard ${run.shard?.index}/${expected.count}: ${run.error}`]
  })
  const first = reference.results.run
  const run: RunInfo = {
    id: options.runId,
    startedAt: earliest(runs.map((each) => each.startedAt)),
    finishedAt: latest(runs.map((each) => each.finishedAt)),
    gates: first.gates,
    devnet: first.devnet,
    suitesRoot: first.suitesRoot,
    ...(first.gitCommit === undefined ? {} : { gitCommit: first.gitCommit }),
    ...(first.repeat === undefined ? {} : { repeat: first.repeat }),
    complete: runs.every((each) => each.complete),
    ...(errors.length > 0 ? { error: errors.join('\n') } : {}),
  }
  return {
    run,
    tests: [...tests.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    health: mergeHealth(ordered.flatMap((entry) => entry.results.health)),
  }
}

/** What identifies the devnet a shard ran on: its backend, name and chains (not client versions). */
function devnetOf(run: RunInfo): unknown {
  return {
    backend: run.devnet.backend,
    name: run.devnet.name,
    chains: run.devnet.chains.map(({ name, role, chainId }) => ({ name, role, chainId })),
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Each shard checked its own devnet: one check per chain, check and node, failing where any failed. */
function mergeHealth(checks: readonly HealthCheck[]): HealthCheck[] {
  const byKey = new Map<string, HealthCheck>()
  for (const check of checks) {
    const key = JSON.stringify([check.chain, check.check, check.node ?? null])
    const kept = byKey.get(key)
    if (kept === undefined || (kept.ok && !check.ok)) byKey.set(key, check)
  }
  return [...byKey.values()]
}

function earliest(times: readonly string[]): string {
  return [...times].sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? ''
}

function latest(times: readonly string[]): string {
  return [...times].sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1) ?? ''
}
