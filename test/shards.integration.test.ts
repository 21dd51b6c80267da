import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { type Results, sealResults } from '../core/index.js'
import { readResults, runCli, scratchFolders } from './cli.js'

const exec = promisify(execFile)
const scratch = scratchFolders()

// Five tests in two files on the embedded devnet: one slow, one failing SEV1 (so the run blocks).
const suites = {
  'suites/chain/chain.accept.ts': `import { describe, expect, test } from 'signalbox/suite'
describe('chain', () => {
  test('L1 answers with its chain id', async ({ l1 }) => expect(await l1.getChainId()).toBe(900))
  test('L2 answers with its chain id', async ({ l2 }) => expect(await l2.getChainId()).toBe(901))
  test('settles slowly', async ({ l2 }) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(await l2.getBlockNumber()).toBeGreaterThanOrEqual(0n)
  })
})
`,
  'suites/token/token.accept.ts': `import { describe, expect, test } from 'signalbox/suite'
describe('token', { meta: { owner: 'token-team' } }, () => {
  test('supply is what the spec says', { meta: { severity: 'SEV1' } }, async ({ l2 }) => {
    expect(await l2.getChainId()).toBe(4242)
  })
  test('blocks are numbered', async ({ l2 }) => expect(await l2.getBlockNumber()).toBeGreaterThanOrEqual(0n))
})
`,
}
const slowId = 'chain/chain.accept.ts > chain > settles slowly'

/** A git repository, so runs record a commit. */
async function commitAll(cwd: string, message: string): Promise<void> {
  const git = (...args: string[]) =>
    exec('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args], { cwd })
  await git('add', '-A')
  await git('commit', '-q', '--allow-empty', '-m', message)
}

describe('signalbox run --shard and signalbox merge', () => {
  let cwd: string
  let whole: Results
  let shards: Results[]

  beforeAll(async () => {
    cwd = await scratch('shards', { ...suites, '.gitignore': '.signalbox/\nout/\n' })
    await exec('git', ['init', '-q'], { cwd })
    await commitAll(cwd, 'suites')
    // The unsharded run, saved in history: its durations balance the shards of the next commit.
    const unsharded = await runCli(['run', '--out', 'out/whole'], { cwd })
    expect(unsharded.code, unsharded.stderr).toBe(1)
    whole = await readResults(join(cwd, 'out', 'whole'))
    await commitAll(cwd, 'next commit, same suites')
    shards = []
    for (const index of [1, 2]) {
      const shard = await runCli(['run', '--shard', `${index}/2`, '--out', `out/shard-${index}`], {
        cwd,
      })
      expect(shard.code, shard.stderr).not.toBe(2)
      expect(shard.stdout).toContain(`shard ${index}/2:`)
      shards.push(await readResults(join(cwd, 'out', `shard-${index}`)))
    }
  })

  test('two shards merged give the same test set and verdict as the unsharded run', async () => {
    const [first, second] = shards.map((shard) => shard.tests.map((test) => test.id))
    // Balanced by history: the slow test (3 s) alone, the four quicker ones together.
    const took = whole.tests.map((test) => `${test.id}: ${test.durationMs} ms`).join('\n')
    expect(first, took).toEqual([slowId])
    expect(second).toHaveLength(4)
    // Each shard records the tests it was given (in plan order; its results are in report order).
    expect(shards.map((shard) => [...(shard.run.shard?.tests ?? [])].sort())).toEqual([
      [...(first ?? [])].sort(),
      [...(second ?? [])].sort(),
    ])

    const merge = await runCli(
      ['merge', 'out/shard-1/results.json', 'out/shard-2/results.json', '--out', 'out/merged'],
      { cwd },
    )
    expect(merge.stderr).toBe('')
    expect(merge.code).toBe(1)
    const merged = await readResults(join(cwd, 'out', 'merged'))
    const outcome = (results: Results) => results.tests.map((test) => [test.id, test.status]).sort()
    expect(outcome(merged)).toEqual(outcome(whole))
    expect(merged.run.complete).toBe(true)
    expect(merged.run.shard).toBeUndefined()
    const verdict = ({ verdicts }: Results) =>
      verdicts.map(({ gate, decision, counts, reasons, findings }) => ({
        gate,
        decision,
        counts,
        rules: reasons.map((reason) => reason.rule),
        findings: findings.map((finding) => [finding.id, finding.severity]),
      }))
    expect(verdict(merged)).toEqual(verdict(whole))
    expect(verdict(merged)[0]?.decision).toBe('block')
  })

  test('each bad merge input is refused with exit 2, naming the file', async () => {
    const shard1 = 'out/shard-1/results.json'
    const shard2 = 'out/shard-2/results.json'
    const foreign = async (name: string, change: (results: Results) => void) => {
      const results = JSON.parse(await readFile(join(cwd, shard2), 'utf8')) as Results
      change(results)
      // Sealed as signalbox would have written it for that other run: foreign, not edited.
      await writeFile(join(cwd, name), JSON.stringify(sealResults(results)))
      return name
    }
    const refusals: Array<[string, string[], string]> = [
      ['missing shard', [shard1], 'error: shard 2/2 is missing from the merge'],
      [
        'duplicated shard',
        [shard1, shard1, shard2],
        `error: shard 1/2 is given twice: ${shard1} and ${shard1}`,
      ],
      [
        'other gates',
        [
          shard1,
          await foreign('gates.json', (results) => {
            results.run.gates = ['alphanet']
          }),
        ],
        `error: gates.json is a shard of another run than ${shard1}`,
      ],
      [
        'other devnet',
        [
          shard1,
          await foreign('devnet.json', (results) => {
            results.run.devnet.name = 'interop-devnet-7'
          }),
        ],
        `error: devnet.json is a shard of another run than ${shard1}`,
      ],
      [
        'other commit',
        [
          shard1,
          await foreign('commit.json', (results) => {
            results.run.gitCommit = '0'.repeat(40)
          }),
        ],
        `error: commit.json is a shard of another run than ${shard1}`,
      ],
      [
        'other selection',
        [
          shard1,
          await foreign('selection.json', (results) => {
            if (results.run.shard) results.run.shard.selection = `sha256:${'f'.repeat(64)}`
          }),
        ],
        `error: selection.json is a shard of another run than ${shard1}`,
      ],
      [
        'a whole run',
        [shard1, 'out/whole/results.json'],
        'error: out/whole/results.json is not the results of a shard',
      ],
    ]
    await writeFile(join(cwd, 'broken.json'), '{"schemaVersion": 1, "run": ')
    await writeFile(join(cwd, 'wrong.json'), JSON.stringify({ schemaVersion: 1, run: {} }))
    refusals.push(['malformed JSON', [shard1, 'broken.json'], 'broken.json'])
    refusals.push(['not results', [shard1, 'wrong.json'], 'wrong.json'])

    for (const [what, files, message] of refusals) {
      const merge = await runCli(['merge', ...files, '--out', `out/${what}`], { cwd })
      expect({ what, code: merge.code }).toEqual({ what, code: 2 })
      expect(merge.stderr, what).toContain(message)
      expect(merge.stdout, what).toBe('')
    }
    // A foreign shard says what differs.
    const commit = await runCli(['merge', shard1, 'commit.json'], { cwd })
    expect(commit.stderr).toContain(`git commit: ${'0'.repeat(40)}`)
  })
})
