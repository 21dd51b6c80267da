import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../devnet/Anvil.js'
import type { DevnetDescriptor } from '../devnet/Descriptor.js'
import { toDevnetSdk } from '../devnet/DevnetSdkDescriptor.js'
import { deriveWallets, devMnemonic } from '../devnet/Wallets.js'
import { readResults, runCli, scratchFolders, signalboxContainers } from './cli.js'

const scratch = scratchFolders()
const exec = promisify(execFile)

// A devnet that dies or halts while the tests run: never a false green.
// The suites are SEV3 only, so without the health watch nothing they do could block.
describe('health during the run', () => {
  const nodes: AnvilProcess[] = []
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()))
  })

  async function anvil(label: string, chainId: number): Promise<AnvilProcess> {
    const node = await startAnvil({
      label,
      chainId,
      mnemonic: devMnemonic,
      accounts: 4,
      balanceEther: 1_000,
      blockTimeSeconds: 1,
      timeoutMs: 10_000,
      binary: resolveAnvilBinary(),
      ...(chainId === 901 ? { network: 'optimism' as const } : {}),
    })
    nodes.push(node)
    return node
  }

  function descriptorOf(l1: string, l2: string): DevnetDescriptor {
    const chain = (name: 'l1' | 'l2', chainId: number, rpcUrl: string) => ({
      name,
      role: name,
      chainId,
      rpcUrl,
      nodes: [{ name: `${name}-node`, rpcUrl }],
      blockTimeSeconds: 1,
    })
    return {
      name: 'watched',
      backend: 'descriptor',
      chains: [chain('l1', 900, l1), chain('l2', 901, l2)],
      wallets: deriveWallets(devMnemonic, 4),
    }
  }

  // The test says it has started (a file), then reads both heads for 9 s and
  // passes whatever it sees: only the health watch can block these runs.
  const suites = {
    'suites/watch/steady.accept.ts': `import { writeFileSync } from 'node:fs'
import { describe, expect, test } from 'signalbox/suite'
describe('steady', { meta: { owner: 'platforms', severity: 'SEV3' } }, () => {
  test('both heads keep moving for a while', async ({ l1, l2 }) => {
    writeFileSync(process.env.STARTED_MARKER, 'started')
    const deadline = Date.now() + 9_000
    while (Date.now() < deadline) {
      await Promise.allSettled([l1.getBlockNumber(), l2.getBlockNumber()])
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(Date.now()).toBeGreaterThanOrEqual(deadline)
  })
})
`,
  }

  /** Runs the watch suite against fresh L1 and L2 anvils; `fault` acts once the test has started. */
  async function runWith(fault: (nodes: { l1: AnvilProcess; l2: AnvilProcess }) => Promise<void>) {
    const cwd = await scratch('health', suites)
    const [l1, l2] = await Promise.all([anvil('l1', 900), anvil('l2', 901)])
    await writeFile(
      join(cwd, 'descriptor.json'),
      JSON.stringify(toDevnetSdk(descriptorOf(l1.rpcUrl, l2.rpcUrl))),
    )
    const marker = join(cwd, 'started')
    const running = runCli(['run', '--devnet', 'descriptor.json', '--gate', 'pr', '--out', 'out'], {
      cwd,
      env: { STARTED_MARKER: marker },
    })
    let ended = false
    const faultDone = (async () => {
      while (!existsSync(marker) && !ended) await new Promise((resolve) => setTimeout(resolve, 100))
      if (ended) throw new Error('the run ended before its test started')
      await new Promise((resolve) => setTimeout(resolve, 500))
      await fault({ l1, l2 })
    })()
    const run = await running.finally(() => {
      ended = true
    })
    await faultDone.catch((error: Error) => {
      throw new Error(`${error.message}\n${run.stderr}`)
    })
    return { run, results: await readResults(join(cwd, 'out')) }
  }

  const duringRun = (results: Awaited<ReturnType<typeof runWith>>['results']) =>
    results.health.filter((check) => check.check.endsWith('-during-run'))

  // The checks before the run overlap vitest's start: when they fail, the suites
  // are stopped and whatever they reported is dropped; the checks decide.
  test('an L2 halted before the run: the checks fail while the suites start; no test is recorded or shown, SEV0, exit 1', async () => {
    const cwd = await scratch('health-before', suites)
    const [l1, l2] = await Promise.all([anvil('l1', 900), anvil('l2', 901)])
    await setIntervalMining(l2.rpcUrl, 0)
    await writeFile(
      join(cwd, 'descriptor.json'),
      JSON.stringify(toDevnetSdk(descriptorOf(l1.rpcUrl, l2.rpcUrl))),
    )
    const run = await runCli(
      ['run', '--devnet', 'descriptor.json', '--gate', 'pr', '--out', 'out'],
      {
        cwd,
        env: { STARTED_MARKER: join(cwd, 'started') },
      },
    )
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toContain('the devnet is not operational: the suites do not run')
    expect(run.stderr).not.toMatch(/running \d+ suite file/)
    const results = await readResults(join(cwd, 'out'))
    expect(results.tests).toEqual([])
    expect(results.run.complete).toBe(true)
    expect(duringRun(results)).toEqual([])
    const failed = results.health.filter((check) => !check.ok)
    expect(failed.map((check) => [check.check, check.chain])).toEqual([['head-advancing', 'l2']])
    expect(results.verdicts[0]?.decision).toBe('block')
    expect(results.verdicts[0]?.findings).toContainEqual(
      expect.objectContaining({ id: 'health:l2:head-advancing:l2-node', severity: 'SEV0' }),
    )
  })

  test('a steady devnet: the checks during the run pass, and the run promotes', async () => {
    const { run, results } = await runWith(async () => {})
    expect(run.code, run.stderr).toBe(0)
    expect(duringRun(results).map((check) => [check.check, check.chain, check.ok])).toEqual([
      ['rpc-answering-during-run', 'l1', true],
      ['rpc-answering-during-run', 'l2', true],
      ['head-advancing-during-run', 'l1', true],
      ['head-advancing-during-run', 'l2', true],
    ])
  })

  test.each(['l1', 'l2'] as const)(
    'the %s node killed in the middle of the run: a SEV0 health finding naming the time and the running test, exit 1',
    async (killed) => {
      const { run, results } = await runWith(async (started) => started[killed].stop())
      expect(run.code, run.stderr).toBe(1)
      expect(results.tests.map((result) => result.status)).toEqual(['passed'])
      const down = duringRun(results).find(
        (check) => check.check === 'rpc-answering-during-run' && check.chain === killed,
      )
      expect(down?.ok).toBe(false)
      expect(down?.detail).toMatch(/stopped answering at \d{4}-\d\d-\d\dT[\d:.]+Z/)
      expect(down?.detail).toContain('watch/steady.accept.ts > steady > both heads keep moving')
      const verdict = results.verdicts[0]
      expect(verdict?.decision).toBe('block')
      expect(verdict?.reasons.flatMap((reason) => reason.refs)).toEqual([
        `health:${killed}:rpc-answering-during-run:${killed}-node`,
      ])
      expect(verdict?.findings).toContainEqual(
        expect.objectContaining({
          id: `health:${killed}:rpc-answering-during-run:${killed}-node`,
          severity: 'SEV0',
        }),
      )
    },
  )

  test('the L2 container killed in the middle of the run (testcontainers): SEV0, exit 1, no container left', async () => {
    const cwd = await scratch('health-containers', suites)
    const marker = join(cwd, 'started')
    const dockerEnv = {
      SIGNALBOX_ANVIL_IMAGE: 'signalbox/anvil:local',
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    }
    const running = runCli(['run', '--devnet', 'testcontainers', '--gate', 'pr', '--out', 'out'], {
      cwd,
      env: { ...dockerEnv, STARTED_MARKER: marker },
    })
    let ended = false
    const killed = (async () => {
      while (!existsSync(marker) && !ended) await new Promise((resolve) => setTimeout(resolve, 100))
      if (ended) throw new Error('the run ended before its test started')
      await new Promise((resolve) => setTimeout(resolve, 500))
      const { stdout } = await exec('docker', [
        'ps',
        '--filter',
        'label=signalbox.chain=l2',
        '--filter',
        'label=signalbox.devnet',
        '--format',
        '{{.ID}}',
      ])
      const ids = stdout.trim().split('\n').filter(Boolean)
      expect(ids).toHaveLength(1)
      await exec('docker', ['kill', ...ids])
    })()
    const run = await running.finally(() => {
      ended = true
    })
    await killed.catch((error: Error) => {
      throw new Error(`${error.message}\n${run.stderr}`)
    })
    expect(run.code, run.stderr).toBe(1)
    const results = await readResults(join(cwd, 'out'))
    expect(results.tests.map((result) => result.status)).toEqual(['passed'])
    const down = duringRun(results).filter((check) => !check.ok)
    expect(down.map((check) => [check.check, check.chain])).toEqual([
      ['rpc-answering-during-run', 'l2'],
    ])
    expect(results.verdicts[0]?.decision).toBe('block')
    expect(await signalboxContainers()).toEqual([])
  })

  test('the L2 halts in the middle of the run (interval mining switched off): SEV0, exit 1', async () => {
    const { run, results } = await runWith(async ({ l2 }) => {
      await setIntervalMining(l2.rpcUrl, 0)
    })
    expect(run.code, run.stderr).toBe(1)
    expect(results.tests.map((result) => result.status)).toEqual(['passed'])
    const halted = duringRun(results).find(
      (check) => check.check === 'head-advancing-during-run' && check.chain === 'l2',
    )
    expect(halted?.ok).toBe(false)
    expect(halted?.detail).toMatch(/head stopped at \d+ at /)
    expect(
      duringRun(results).find(
        (check) => check.check === 'rpc-answering-during-run' && check.chain === 'l2',
      )?.ok,
    ).toBe(true)
  })
})

/** Switches anvil's interval mining: 0 stops the clock, so the chain halts. */
async function setIntervalMining(rpcUrl: string, seconds: number): Promise<void> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'evm_setIntervalMining',
      params: [seconds],
    }),
  })
  expect(response.ok).toBe(true)
}
