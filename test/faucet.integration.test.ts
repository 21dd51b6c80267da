import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Results } from '../core/index.js'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../devnet/Anvil.js'
import { toDevnetSdk } from '../devnet/DevnetSdkDescriptor.js'
import { deriveWallets, devMnemonic } from '../devnet/Wallets.js'
import {
  type CliRun,
  readResults,
  repoRoot,
  runCli,
  scratchFolders,
  signalboxContainers,
} from './cli.js'

// The shipped suites on the devnets users run (issue 10): one funded wallet,
// chains that mine on demand or on a clock, any number of workers. Every run
// goes through the built CLI (`npm run build` first), against real anvil
// processes (in containers of a real Docker engine for testcontainers). The descriptors are written by our own `toDevnetSdk`, in the
// devnet-sdk format it reads (see devnet/DevnetSdkDescriptor.ts for the source).

const scratch = scratchFolders()
const anvils: AnvilProcess[] = []
afterAll(async () => {
  await Promise.all(anvils.map((anvil) => anvil.stop()))
})

/** An anvil L1 and an OP-style anvil L2, each funding the first `funded` accounts of `mnemonics[role]`. */
async function startPair(options: {
  blockTimeSeconds?: number
  mnemonics?: { l1: string; l2: string }
}) {
  const binary = resolveAnvilBinary()
  const mnemonics = options.mnemonics ?? { l1: devMnemonic, l2: devMnemonic }
  const [l1, l2] = await Promise.all(
    (['l1', 'l2'] as const).map((role) =>
      startAnvil({
        label: role,
        chainId: role === 'l1' ? 900 : 901,
        ...(role === 'l2' ? { network: 'optimism' as const } : {}),
        mnemonic: mnemonics[role],
        accounts: 1,
        balanceEther: 10_000,
        timeoutMs: 30_000,
        binary,
        ...(options.blockTimeSeconds ? { blockTimeSeconds: options.blockTimeSeconds } : {}),
      }),
    ),
  )
  anvils.push(l1 as AnvilProcess, l2 as AnvilProcess)
  return { l1: l1 as AnvilProcess, l2: l2 as AnvilProcess }
}

/** A devnet-sdk descriptor of the pair that lists one wallet (the dev mnemonic's first) on both chains. */
async function descriptorFile(
  pair: { l1: AnvilProcess; l2: AnvilProcess },
  blockTimeSeconds?: number,
): Promise<string> {
  const chain = (role: 'l1' | 'l2', rpcUrl: string) => ({
    name: role,
    role,
    chainId: role === 'l1' ? 900 : 901,
    rpcUrl,
    nodes: [{ name: `${role}-anvil`, rpcUrl }],
    ...(blockTimeSeconds ? { blockTimeSeconds } : {}),
  })
  const document = toDevnetSdk({
    name: 'one-wallet',
    backend: 'descriptor',
    chains: [chain('l1', pair.l1.rpcUrl), chain('l2', pair.l2.rpcUrl)],
    wallets: deriveWallets(devMnemonic, 1),
  })
  const folder = await scratch('faucet-descriptor')
  const path = join(folder, 'devnet.json')
  await writeFile(path, JSON.stringify(document, null, 2))
  return path
}

async function runShipped(
  devnet: string,
  workers: number,
  env: NodeJS.ProcessEnv = {},
): Promise<{ run: CliRun; results: Results }> {
  const out = await scratch('faucet-out')
  const run = await runCli(
    ['run', '--suites', 'suites', '--devnet', devnet, '--workers', String(workers), '--out', out],
    { cwd: repoRoot, env },
  )
  return { run, results: await readResults(out) }
}

/** What must hold of every run of the shipped suites: a decision, and no failure or harness problem. */
function expectPromoted({ run, results }: { run: CliRun; results: Results }) {
  const notPassed = results.tests.filter(
    (result) => result.status !== 'passed' && !(result.status === 'skipped' && result.skipReason),
  )
  expect(notPassed.map((result) => [result.id, result.status, result.error?.message])).toEqual([])
  expect(results.run.error).toBeUndefined()
  expect(run.code, run.stderr).toBe(0)
  expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['promote'])
}

const workerCounts = [1, 2, 4]

describe('the shipped suites decide the same whatever the workers', () => {
  const devnets: Array<[string, () => Promise<string>, NodeJS.ProcessEnv?]> = [
    [
      'a descriptor with one funded wallet, anvil nodes that mine on demand',
      async () => descriptorFile(await startPair({})),
    ],
    [
      'a descriptor with one funded wallet, anvil nodes with a 1 s block time',
      async () => descriptorFile(await startPair({ blockTimeSeconds: 1 }), 1),
    ],
    ['the embedded devnet', async () => 'embedded'],
    // The shipped definition (an anvil L1, an OP-style anvil L2, in containers), each run
    // its own, on the local anvil image: no registry is reached.
    [
      'the testcontainers devnet',
      async () => 'testcontainers',
      { SIGNALBOX_ANVIL_IMAGE: 'signalbox/anvil:local', TESTCONTAINERS_RYUK_DISABLED: 'true' },
    ],
  ]

  for (const [name, devnetOf, env] of devnets) {
    test(`${name}: promote with --workers ${workerCounts.join(', ')}`, {
      timeout: 600_000,
    }, async () => {
      const devnet = await devnetOf()
      const decisions: string[] = []
      for (const workers of workerCounts) {
        const outcome = await runShipped(devnet, workers, env)
        expect(outcome.results.run.devnet.backend).toBe(
          devnet === 'embedded' || devnet === 'testcontainers' ? devnet : 'descriptor',
        )
        expectPromoted(outcome)
        decisions.push(`${workers}: ${outcome.results.verdicts[0]?.decision}`)
        // Every test ran against the chain: none was left without its accounts.
        expect(outcome.results.tests.filter((result) => result.harnessProblem)).toEqual([])
      }
      expect(decisions).toEqual(workerCounts.map((workers) => `${workers}: promote`))
      if (devnet === 'testcontainers') {
        // Every run removed the containers it started.
        expect(await signalboxContainers()).toEqual([])
      }
    })
  }
})

describe('harness problems are run errors, never findings', () => {
  let onDemand: string

  beforeAll(async () => {
    onDemand = await descriptorFile(await startPair({}))
  })

  test('an L2 where no listed key has ether: exit 2 naming the L2, no finding', async () => {
    // The descriptor lists the dev key on both chains, but the L2 funds another mnemonic's accounts.
    const pair = await startPair({
      mnemonics: {
        l1: devMnemonic,
        l2: 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
      },
    })
    const devnet = await descriptorFile(pair)
    const { run, results } = await runShipped(devnet, 2)

    expect(run.code, run.stderr).toBe(2)
    expect(results.run.error).toMatch(/^no funded wallet on l2: /)
    expect(results.run.error).toContain('hint: List a wallet with its private key and ether on l2')
    expect(results.tests).toEqual([])
    for (const verdict of results.verdicts) {
      expect(verdict.decision).toBe('error')
      expect(verdict.findings).toEqual([])
    }
    expect(run.stderr + run.stdout).toContain('no funded wallet on l2')
  })

  test('a test whose accounts cannot be funded is a harness problem: exit 2 with the hint, no finding; fresh keys stay out of every output', async () => {
    const suites = await scratch('faucet-suites', {
      'suites/greedy/greedy.accept.ts': `import { describe, expect, test } from 'signalbox/suite'
import { inject } from 'vitest'
describe('greedy', { meta: { owner: 'greedy-team', severity: 'SEV1' } }, () => {
  // More accounts than a worker's faucet account can fund (100 of 2 ether each).
  test('asks for more accounts than the faucet holds', async ({ wallets }) => {
    expect(await wallets(150)).toHaveLength(150)
  })
  test('leaks the faucet key of its worker into its error', () => {
    const key = inject('signalbox:faucet').subFunderKeys[0]
    throw new Error('signing failed with ' + key + ' (short: ' + key.slice(0, 22) + ')')
  })
})
`,
    })
    const out = await scratch('faucet-out')
    const run = await runCli(
      [
        'run',
        '--suites',
        join(suites, 'suites'),
        '--devnet',
        onDemand,
        '--workers',
        '1',
        '--out',
        out,
      ],
      { cwd: repoRoot },
    )
    const results = await readResults(out)

    expect(run.code, run.stderr).toBe(2)
    const greedy = results.tests.find((result) => result.name.startsWith('asks for more'))
    expect(greedy).toMatchObject({ status: 'errored', harnessProblem: true })
    expect(greedy?.error?.message).toMatch(
      /^signalbox could not fund 150 test account\(s\) on l[12]/,
    )
    expect(greedy?.error?.message).toContain('hint: ')
    const [verdict] = results.verdicts
    expect(verdict?.decision).toBe('error')
    expect(verdict?.reasons[0]?.message).toContain(
      'signalbox could not provision 1 test (greedy/greedy.accept.ts > greedy > asks for more accounts than the faucet holds)',
    )
    // The leaking test is the chain's business (an error in the test), the greedy one is not.
    expect(verdict?.findings.map((finding) => finding.id)).toEqual([
      'greedy/greedy.accept.ts > greedy > leaks the faucet key of its worker into its error',
    ])

    // The fresh keys of the run (here the worker's faucet key) are nowhere, not even shortened.
    const leak = results.tests.find((result) => result.name.startsWith('leaks'))
    expect(leak?.error?.message).toBe('signing failed with [REDACTED] (short: [REDACTED])')
    const files = await Promise.all(
      ['results.json', 'junit.xml', 'readiness.md', 'report.html'].map((name) =>
        readFile(join(out, name), 'utf8'),
      ),
    )
    for (const text of [...files, run.stdout, run.stderr]) {
      expect(text).not.toMatch(/signing failed with (?:0x)?[0-9a-f]{16}/i)
    }
  })
})
