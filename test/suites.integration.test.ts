import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Results } from '../core/index.js'
import { type CliRun, readResults, repoRoot, runCli, scratchFolders } from './cli.js'

const tempDir = scratchFolders()

async function runSuites(suites: string): Promise<{ run: CliRun; results: Results }> {
  const out = await tempDir('suites')
  const run = await runCli(['run', '--suites', suites, '--out', out], { cwd: repoRoot })
  return { run, results: await readResults(out) }
}

/** The features signalbox ships a suite for. */
const shippedFeatures = ['base', 'contracts', 'deposits', 'fees', 'load']

describe('the shipped suites on the embedded devnet', () => {
  test('every test passes, or is skipped with a reason; every test declares a severity and an owner', async () => {
    const { run, results } = await runSuites('suites')

    expect(run.code, run.stderr).toBe(0)
    expect(results.run.complete).toBe(true)
    expect([...new Set(results.tests.map((result) => result.feature))].sort()).toEqual(
      shippedFeatures,
    )
    const notPassed = results.tests.filter(
      (result) => result.status !== 'passed' && !(result.status === 'skipped' && result.skipReason),
    )
    expect(notPassed.map((result) => [result.id, result.status, result.error?.message])).toEqual([])
    const undeclared = results.tests.filter((result) => !result.severity || !result.owner)
    expect(undeclared.map((result) => result.id)).toEqual([])
    // The load suite reports its latency for the reports.
    const load = results.tests.filter((result) => result.feature === 'load')
    expect(load.length).toBeGreaterThan(0)
    for (const result of load) {
      expect(
        result.annotations?.find((annotation) => annotation.type === 'latency')?.message,
      ).toMatch(/^p50 \d+ ms, p95 \d+ ms/)
    }
  })
})

/** Each broken variant, by test id, with the severity it declares. */
const brokenTests = {
  'base/transfers.accept.ts > value transfers (broken) > L2 moves exactly the value of a transfer':
    'SEV1',
  'fees/base-fee.accept.ts > EIP-1559 fees (broken) > L2 base fee follows the rule from one block to the next':
    'SEV1',
  'contracts/revert.accept.ts > contracts (broken) > L2 revert reason reaches the client': 'SEV3',
  'deposits/mint.accept.ts > deposits (broken) > L2 credits the mint of a deposit': 'SEV0',
  'load/latency.accept.ts > load (broken) > L2 includes a burst with p95 latency under 1 ms':
    'SEV2',
} as const

describe('each shipped feature has a suite that can fail', () => {
  let broken: { run: CliRun; results: Results }

  beforeAll(async () => {
    broken = await runSuites(join('test', 'fixtures', 'broken-suites'))
  })

  test('the run completes and blocks: exit 1', () => {
    expect(broken.run.code, broken.run.stderr).toBe(1)
    expect(broken.results.run.complete).toBe(true)
    expect(broken.results.verdicts.map((verdict) => verdict.decision)).toEqual(['block'])
  })

  test('there is a broken variant for every shipped feature, and nothing else ran', () => {
    expect([...new Set(broken.results.tests.map((result) => result.feature))].sort()).toEqual(
      shippedFeatures,
    )
    expect(broken.results.tests.map((result) => result.id).sort()).toEqual(
      Object.keys(brokenTests).sort(),
    )
  })

  test.each(Object.entries(brokenTests))(
    '%s fails its assertion with severity %s',
    (id, severity) => {
      const result = broken.results.tests.find((candidate) => candidate.id === id)
      expect(result).toMatchObject({ status: 'failed', severity })
      expect(result?.error?.message).toMatch(/^expected /)
    },
  )
})
