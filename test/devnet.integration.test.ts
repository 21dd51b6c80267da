import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../devnet/Anvil.js'
import type { DevnetDescriptor } from '../devnet/Descriptor.js'
import { toDevnetSdk } from '../devnet/DevnetSdkDescriptor.js'
import { deriveWallets, devMnemonic } from '../devnet/Wallets.js'
import { isAlive } from '../runner/process/ProcessIdentity.js'
import { readResults, repoRoot, runCli, scratchFolders, signalboxContainers } from './cli.js'

const tempDir = scratchFolders()

/** `signalbox run` of the base suites against a devnet spec, results in `<cwd>/out`. */
function runBaseOn(devnet: string, cwd: string, ...extra: string[]) {
  return runCli(
    [
      'run',
      '--suites',
      join(repoRoot, 'suites', 'base'),
      '--devnet',
      devnet,
      '--out',
      'out',
      ...extra,
    ],
    { cwd },
  )
}

describe('signalbox devnet: one devnet held across runs', () => {
  test('up → status → run --devnet running → describe → run on the described file → down, nothing left', async () => {
    const cwd = await tempDir('devnet')
    const suites = join(repoRoot, 'suites', 'base')
    try {
      const up = await runCli(['devnet', 'up'], { cwd })
      expect(up.code).toBe(0)
      const state = JSON.parse(
        await readFile(join(cwd, '.signalbox', 'devnet', 'state.json'), 'utf8'),
      )
      expect(isAlive(state.pid)).toBe(true)

      const status = await runCli(['devnet', 'status', '--json'], { cwd })
      expect(status.code).toBe(0)
      expect(
        JSON.parse(status.stdout).health.map((check: { check: string }) => check.check),
      ).toEqual(
        expect.arrayContaining(['rpc-reachable', 'chain-id', 'head-advancing', 'wallets-funded']),
      )

      const run = await runBaseOn('running', cwd, '--out', 'run1')
      expect(run.code).toBe(0)
      const results = await readResults(join(cwd, 'run1'))
      expect(results.run.devnet.backend).toBe('descriptor')
      expect(results.health.length).toBeGreaterThan(0)
      expect(results.health.every((check) => check.ok)).toBe(true)

      const keys = deriveWallets(devMnemonic, 32).map((wallet) => wallet.privateKey)
      const shown = await runCli(['devnet', 'describe'], { cwd })
      for (const key of keys) expect(shown.stdout).not.toContain(key)
      expect(shown.stdout).toContain('[REDACTED]')

      const described = await runCli(
        ['devnet', 'describe', '--with-keys', '--out', 'descriptor.json'],
        { cwd },
      )
      expect(described.code).toBe(0)
      const again = await runBaseOn('descriptor.json', cwd, '--out', 'run2')
      expect(again.code).toBe(0)
      for (const file of ['run1', 'run2']) {
        const written = await readFile(join(cwd, file, 'results.json'), 'utf8')
        for (const key of keys) expect(written).not.toContain(key.slice(2))
      }

      const down = await runCli(['devnet', 'down'], { cwd })
      expect(down.code).toBe(0)
      expect(isAlive(state.pid)).toBe(false)
      const after = await runCli(['run', '--suites', suites, '--devnet', 'running'], { cwd })
      expect(after.code).toBe(2)
      expect(after.stderr).toContain('no devnet is up in this folder')
    } finally {
      await runCli(['devnet', 'down'], { cwd })
    }
  })
})

/** The run in `<cwd>/out` recorded an error verdict and ran no test. */
async function expectNothingRan(cwd: string): Promise<void> {
  const results = await readResults(join(cwd, 'out'))
  expect(results.tests).toEqual([])
  expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['error'])
}

describe('signalbox run on devnets it did not start', () => {
  const nodes: AnvilProcess[] = []
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()))
  })

  async function anvil(
    label: string,
    chainId: number,
    blockTimeSeconds: number,
  ): Promise<AnvilProcess> {
    const node = await startAnvil({
      label,
      chainId,
      mnemonic: devMnemonic,
      accounts: 8,
      balanceEther: 1_000,
      blockTimeSeconds,
      timeoutMs: 10_000,
      binary: resolveAnvilBinary(),
      ...(chainId === 901 ? { network: 'optimism' as const } : {}),
    })
    nodes.push(node)
    return node
  }

  function descriptorOf(
    l1: string,
    l2: Array<{ name: string; rpcUrl: string }>,
    l2ChainId = 901,
  ): DevnetDescriptor {
    return {
      name: 'outside',
      backend: 'descriptor',
      chains: [
        {
          name: 'l1',
          role: 'l1',
          chainId: 900,
          rpcUrl: l1,
          nodes: [{ name: 'l1-geth', rpcUrl: l1 }],
          blockTimeSeconds: 1,
        },
        {
          name: 'l2',
          role: 'l2',
          chainId: l2ChainId,
          rpcUrl: l2[0]?.rpcUrl ?? '',
          nodes: l2,
          blockTimeSeconds: 0.5,
        },
      ],
      wallets: deriveWallets(devMnemonic, 8),
    }
  }

  async function writeDescriptor(cwd: string, descriptor: DevnetDescriptor): Promise<string> {
    const file = join(cwd, 'descriptor.json')
    await writeFile(file, JSON.stringify(toDevnetSdk(descriptor), null, 2))
    return file
  }

  test('base suites pass on a descriptor of anvil nodes started outside signalbox; no key in what it wrote', async () => {
    const cwd = await tempDir('outside')
    const [l1, l2] = await Promise.all([anvil('l1', 900, 1), anvil('l2', 901, 0.5)])
    await writeDescriptor(cwd, descriptorOf(l1.rpcUrl, [{ name: 'l2-geth', rpcUrl: l2.rpcUrl }]))
    const run = await runBaseOn('descriptor.json', cwd, '--workers', '2')

    expect(run.stderr).not.toContain('error')
    expect(run.code).toBe(0)
    const written = await Promise.all(
      ['results.json', 'readiness.md', 'junit.xml', 'report.html'].map((file) =>
        readFile(join(cwd, 'out', file), 'utf8'),
      ),
    )
    for (const wallet of deriveWallets(devMnemonic, 8)) {
      for (const text of [...written, run.stdout, run.stderr])
        expect(text).not.toContain(wallet.privateKey.slice(2))
    }
  })

  test('two L2 nodes that disagree on a block hash: SEV0 health finding, block, the suites do not run', async () => {
    const cwd = await tempDir('split')
    const [l1, a, b] = await Promise.all([
      anvil('l1', 900, 1),
      anvil('l2-a', 901, 0.5),
      anvil('l2-b', 901, 0.5),
    ])
    // Node b's next block gets another timestamp, so from there on its chain is not node a's.
    await fetch(b.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'evm_setNextBlockTimestamp',
        params: [4_000_000_000],
      }),
    })
    await writeDescriptor(
      cwd,
      descriptorOf(l1.rpcUrl, [
        { name: 'op-geth-a', rpcUrl: a.rpcUrl },
        { name: 'op-geth-b', rpcUrl: b.rpcUrl },
      ]),
    )
    const run = await runBaseOn('descriptor.json', cwd)

    expect(run.code).toBe(1)
    const results = await readResults(join(cwd, 'out'))
    expect(results.health.find((check) => check.check === 'block-hash-agreement')).toMatchObject({
      chain: 'l2',
      ok: false,
    })
    expect(results.tests).toEqual([])
    const [verdict] = results.verdicts
    expect(verdict?.decision).toBe('block')
    expect(verdict?.findings).toContainEqual(
      expect.objectContaining({
        source: 'health',
        severity: 'SEV0',
        id: expect.stringContaining('block-hash-agreement'),
      }),
    )
  })

  test('a descriptor whose chain id is wrong is bad input: exit 2 naming the chain and node', async () => {
    const cwd = await tempDir('wrong-id')
    const [l1, l2] = await Promise.all([anvil('l1', 900, 1), anvil('l2', 901, 0.5)])
    await writeDescriptor(
      cwd,
      descriptorOf(l1.rpcUrl, [{ name: 'op-geth-1', rpcUrl: l2.rpcUrl }], 902),
    )
    const run = await runBaseOn('descriptor.json', cwd)

    expect(run.code).toBe(2)
    expect(run.stderr).toContain('the devnet does not answer with the chain ids it declares')
    expect(run.stderr).toContain('l2 (node op-geth-1): chain id 901, declared 902')
  })

  test('malformed and unreachable descriptors: exit 2 naming the place, nothing run', async () => {
    const cwd = await tempDir('bad-descriptor')
    await writeFile(join(cwd, 'missing-l1.json'), JSON.stringify({ name: 'x', l2: [] }))
    const missing = await runBaseOn('missing-l1.json', cwd)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing-l1.json')
    expect(missing.stderr).toMatch(/\bl1\b/)
    await expectNothingRan(cwd)

    const [l1] = await Promise.all([anvil('l1', 900, 1)])
    const document = toDevnetSdk(descriptorOf(l1.rpcUrl, [{ name: 'l2-geth', rpcUrl: l1.rpcUrl }]))
    const rpc = document.l2?.[0]?.nodes?.[0]?.services?.el?.endpoints?.rpc
    expect(rpc).toBeDefined()
    Object.assign(rpc ?? {}, { port: 'eighty' })
    await writeFile(join(cwd, 'bad-port.json'), JSON.stringify(document))
    const badPort = await runBaseOn('bad-port.json', cwd)
    expect(badPort.code).toBe(2)
    expect(badPort.stderr).toContain('l2[0].nodes[0].services.el.endpoints.rpc.port')
    await expectNothingRan(cwd)

    const unreachable = await runBaseOn('http://127.0.0.1:9/descriptor.json', cwd)
    expect(unreachable.code).toBe(2)
    expect(unreachable.stderr).toContain('http://127.0.0.1:9/descriptor.json')
  })
})

describe('signalbox run --devnet testcontainers', () => {
  test('every shipped suite passes on the default definition, with the locally built anvil image; no container left', async () => {
    const cwd = await tempDir('containers')
    const run = await runCli(
      ['run', '--suites', join(repoRoot, 'suites'), '--devnet', 'testcontainers', '--out', 'out'],
      {
        cwd,
        env: {
          SIGNALBOX_ANVIL_IMAGE: 'signalbox/anvil:local',
          TESTCONTAINERS_RYUK_DISABLED: 'true',
        },
      },
    )

    expect(run.stderr).not.toContain('error')
    expect(run.code).toBe(0)
    const results = await readResults(join(cwd, 'out'))
    expect(results.run.devnet.backend).toBe('testcontainers')
    expect(results.tests.length).toBeGreaterThan(0)
    // Every test passes, or skips with its reason where the devnet lacks something.
    const notPassed = results.tests.filter(
      (result) => result.status !== 'passed' && !(result.status === 'skipped' && result.skipReason),
    )
    expect(notPassed).toEqual([])
    expect(await signalboxContainers()).toEqual([])
  })
})
