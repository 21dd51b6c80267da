import { describe, expect, test } from 'vitest'
import { InputError, type Results } from '../../core/index.js'
import { resolveGate } from '../../gates/index.js'
import { fixtureRun, fixtureTestId } from '../../reports/history/testing/HistoryFixtures.js'
import { mergeShards, type ShardFile } from './Merge.js'
import { planShard } from './Shard.js'

const gatesFile = {
  version: 1 as const,
  severityRules: [],
  gates: {
    pr: { description: 'every test', policy: {} },
    alphanet: { description: 'every test', policy: { SEV2: 'allow' as const } },
  },
}
const pr = resolveGate(gatesFile, 'pr')
const alphanet = resolveGate(gatesFile, 'alphanet')
const names = ['a', 'b', 'c', 'd', 'e']
const planned = names.map((name) => fixtureTestId({ name }))

/** The results of shard `index` of 2: its tests passed, except `failing`. */
function shardResults(index: number, options: { failing?: string } = {}): Results {
  const plan = planShard({ index, count: 2 }, [pr], planned, new Map())
  const results = fixtureRun({
    id: `shard-${index}`,
    startedAt: `2026-11-20T10:0${index}:00.000Z`,
    gates: ['pr'],
    gitCommit: 'c1',
    tests: names
      .filter((name) => plan.tests.includes(fixtureTestId({ name })))
      .map((name) => ({ name, status: name === options.failing ? 'failed' : 'passed' })),
  })
  results.run.shard = {
    index,
    count: 2,
    selection: plan.selection,
    split: plan.split,
    tests: plan.tests,
  }
  return results
}

const files = (...results: Results[]): ShardFile[] =>
  results.map((each, at) => ({ file: `shard-${at + 1}.json`, results: each }))

function refusal(shards: readonly ShardFile[], gates = [pr]): InputError {
  try {
    mergeShards(shards, { gates, runId: 'merged' })
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('the merge was not refused')
}

describe('mergeShards', () => {
  test('every shard once, in any order: one run with every planned test, by id', () => {
    const merged = mergeShards(files(shardResults(2, { failing: 'd' }), shardResults(1)), {
      gates: [pr],
      runId: 'merged',
    })
    expect(merged.tests.map((test) => test.id)).toEqual([...planned].sort())
    expect(merged.tests.find((test) => test.status === 'failed')?.name).toBe('d')
    expect(merged.run).toMatchObject({
      id: 'merged',
      startedAt: '2026-11-20T10:01:00.000Z',
      finishedAt: '2026-11-20T10:03:00.000Z',
      gates: ['pr'],
      gitCommit: 'c1',
      complete: true,
    })
    expect(merged.run).not.toHaveProperty('shard')
    expect(merged.health).toHaveLength(1)
  })

  test('an incomplete shard makes the merged run incomplete, saying which', () => {
    const second = shardResults(2)
    second.run.complete = false
    second.run.error = 'the run was interrupted before every test finished'
    const merged = mergeShards(files(shardResults(1), second), { gates: [pr], runId: 'm' })
    expect(merged.run.complete).toBe(false)
    expect(merged.run.error).toBe('shard 2/2: the run was interrupted before every test finished')
  })

  test('a missing shard is refused', () => {
    const error = refusal(files(shardResults(1)))
    expect(error.shortMessage).toBe('shard 2/2 is missing from the merge')
    expect(error.exitCode).toBe(2)
  })

  test('a shard given twice is refused, naming both files', () => {
    const error = refusal(files(shardResults(1), shardResults(2), shardResults(1)))
    expect(error.shortMessage).toBe('shard 1/2 is given twice: shard-1.json and shard-3.json')
  })

  const shardInfo = (results: Results) => {
    if (!results.run.shard) throw new Error('a shard has its shard info')
    return results.run.shard
  }
  const changes: Array<[string, (results: Results) => void, string]> = [
    [
      'gates',
      (results) => {
        results.run.gates = ['alphanet']
      },
      'gates: ["alphanet"]',
    ],
    [
      'devnet',
      (results) => {
        results.run.devnet.name = 'interop-devnet-7'
      },
      'devnet:',
    ],
    [
      'commit',
      (results) => {
        results.run.gitCommit = 'c2'
      },
      'git commit: c2 (shard-1.json: c1)',
    ],
    [
      'no commit',
      (results) => {
        delete results.run.gitCommit
      },
      'git commit: null',
    ],
    [
      'count',
      (results) => {
        shardInfo(results).count = 3
      },
      'shard count: 3',
    ],
    [
      'selection',
      (results) => {
        shardInfo(results).selection = 'sha256:other'
      },
      'selection: sha256:other',
    ],
    [
      'split',
      (results) => {
        shardInfo(results).split = 'sha256:other'
      },
      'split of the tests: sha256:other',
    ],
    [
      'repeat',
      (results) => {
        results.run.repeat = 3
      },
      'repeat: 3 (shard-1.json: 1)',
    ],
  ]
  test.each(changes)(
    'a foreign shard (other %s) is refused, naming the file and what differs',
    (_, change, detail) => {
      const second = shardResults(2)
      change(second)
      const error = refusal(files(shardResults(1), second))
      expect(error.shortMessage).toBe('shard-2.json is a shard of another run than shard-1.json')
      expect(error.source).toBe('shard-2.json')
      expect(error.details).toContain(detail)
    },
  )

  test('the results of a whole run are not a shard', () => {
    const whole = shardResults(2)
    delete whole.run.shard
    const error = refusal(files(shardResults(1), whole))
    expect(error.shortMessage).toBe('shard-2.json is not the results of a shard')
  })

  test('a shard holding a test it was not given is refused', () => {
    const first = shardResults(1)
    const stranger = shardResults(2).tests[0]
    if (stranger === undefined) throw new Error('shard 2 has tests')
    first.tests.push(stranger)
    const error = refusal(files(first, shardResults(2)))
    expect(error.shortMessage).toBe(
      `shard-1.json holds a test its shard was not given: "${stranger.id}"`,
    )
  })

  test('merge judging by other gates than the shards ran with is refused', () => {
    const error = refusal(files(shardResults(1), shardResults(2)), [alphanet])
    expect(error.shortMessage).toBe('the shards ran with other gates than merge judges by')
  })
})
