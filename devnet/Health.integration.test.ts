import { createServer } from 'node:net'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type HealthCheck, HealthCheck as HealthCheckSchema } from '../core/index.js'
import { type AnvilOptions, type AnvilProcess, resolveAnvilBinary, startAnvil } from './Anvil.js'
import { embeddedDevnet } from './backends/Embedded.js'
import type { DevnetChain, DevnetDescriptor } from './Descriptor.js'
import type { Devnet } from './Devnet.js'
import { checkHealth } from './Health.js'
import { deriveWallets, devMnemonic } from './Wallets.js'

const stops: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()))
})

async function anvil(options: Partial<AnvilOptions> = {}): Promise<AnvilProcess> {
  const started = await startAnvil({
    label: 'test',
    chainId: 901,
    mnemonic: devMnemonic,
    accounts: 2,
    balanceEther: 100,
    timeoutMs: 10_000,
    binary: resolveAnvilBinary(),
    ...options,
  })
  stops.push(started.stop)
  return started
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(body.error.message)
  return body.result
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

function single(checks: HealthCheck[], check: string, node?: string): HealthCheck {
  const found = checks.filter(
    (entry) => entry.check === check && (node === undefined || entry.node === node),
  )
  expect(found, `${check}${node ? ` of ${node}` : ''}`).toHaveLength(1)
  return found[0] as HealthCheck
}

function oneChainDevnet(
  chain: Omit<DevnetChain, 'role' | 'name'>,
  wallets = deriveWallets(devMnemonic, 2),
): DevnetDescriptor {
  return { name: 'test', backend: 'test', chains: [{ name: 'l2', role: 'l2', ...chain }], wallets }
}

describe('checkHealth on the embedded devnet', () => {
  let devnet: Devnet
  beforeAll(async () => {
    devnet = await embeddedDevnet({ accounts: 8 }).start({ timeoutMs: 20_000 })
    stops.push(devnet.stop)
  })

  test('healthy devnet: every check passes, in well under 2 s', async () => {
    const started = performance.now()
    const checks = await checkHealth(devnet.descriptor)
    const elapsed = performance.now() - started
    for (const check of checks) HealthCheckSchema.parse(check)
    expect(checks.filter((check) => !check.ok)).toEqual([])
    expect(checks.map((check) => `${check.check} ${check.chain}`)).toEqual([
      'rpc-reachable l1',
      'rpc-reachable l2',
      'chain-id l1',
      'chain-id l2',
      'head-advancing l1',
      'head-advancing l2',
      'wallets-funded l1',
      'wallets-funded l2',
    ])
    expect(checks.find((check) => check.check === 'wallets-funded')?.detail).toBe(
      '8 of 8 wallets have ether here',
    )
    expect(elapsed).toBeLessThan(2_000)
  })

  test('wrong declared chain id fails chain-id, and only that', async () => {
    const descriptor = structuredClone(devnet.descriptor)
    const l2 = descriptor.chains[1] as DevnetChain
    l2.chainId = 999
    const checks = await checkHealth(descriptor)
    expect(checks.filter((check) => !check.ok)).toEqual([
      {
        check: 'chain-id',
        chain: 'l2',
        node: 'l2-anvil',
        ok: false,
        detail: 'chain id 901, declared 999',
      },
    ])
  })

  test('unreachable RPC fails rpc-reachable for that node; the others are still checked', async () => {
    const descriptor = structuredClone(devnet.descriptor)
    const l2 = descriptor.chains[1] as DevnetChain
    const port = await closedPort()
    l2.nodes.push({ name: 'l2-gone', rpcUrl: `http://127.0.0.1:${port}/secret-path` })
    const checks = await checkHealth(descriptor, { rpcTimeoutMs: 500 })
    expect(checks.filter((check) => !check.ok)).toEqual([
      {
        check: 'rpc-reachable',
        chain: 'l2',
        node: 'l2-gone',
        ok: false,
        detail: `http://127.0.0.1:${port}: connection refused`,
      },
    ])
    expect(single(checks, 'head-advancing', 'l2-anvil').ok).toBe(true)
  })

  test('one funded wallet is enough; with none, wallets-funded fails naming each address', async () => {
    const descriptor = structuredClone(devnet.descriptor)
    const privateKey = generatePrivateKey()
    descriptor.wallets.push({ address: privateKeyToAddress(privateKey), privateKey })
    const mixed = (await checkHealth(descriptor)).filter(
      (check) => check.check === 'wallets-funded',
    )
    expect(mixed.map((check) => [check.ok, check.detail])).toEqual([
      [true, '8 of 9 wallets have ether here'],
      [true, '8 of 9 wallets have ether here'],
    ])
    descriptor.wallets = [{ address: privateKeyToAddress(privateKey), privateKey }]
    const checks = await checkHealth(descriptor)
    const funded = checks.filter((check) => check.check === 'wallets-funded')
    expect(funded.map((check) => check.ok)).toEqual([false, false])
    expect(funded[0]?.detail).toBe(
      `none of 1 wallets has ether here, so no test account can be funded: ${privateKeyToAddress(privateKey)} has no balance`,
    )
    expect(JSON.stringify(checks)).not.toContain(privateKey.slice(2))
    // A run leaves the check out (the faucet's preflight reads the balances): no balance is read twice.
    const withoutFunding = await checkHealth(descriptor, { walletsFunded: false })
    expect(withoutFunding.map((check) => check.check)).not.toContain('wallets-funded')
    expect(withoutFunding.filter((check) => !check.ok)).toEqual([])
  })
})

describe('checkHealth on hand-made chains', () => {
  test('two L2 nodes that disagree on a block hash fail block-hash-agreement', async () => {
    // Two independent anvils with one chain id: same genesis parameters, but
    // their first blocks get different timestamps, so their hashes differ.
    const [a, b] = await Promise.all([anvil(), anvil()])
    await rpc(a.rpcUrl, 'evm_mine', [2_000_000_000])
    await rpc(b.rpcUrl, 'evm_mine', [2_000_000_100])
    const descriptor = oneChainDevnet({
      chainId: 901,
      rpcUrl: a.rpcUrl,
      nodes: [
        { name: 'l2-a', rpcUrl: a.rpcUrl },
        { name: 'l2-b', rpcUrl: b.rpcUrl },
      ],
    })
    // Node b never sees the nudge sent to a, so its head-advancing fails too; no need to wait long for that.
    const checks = await checkHealth(descriptor, { headTimeoutMs: 500 })
    const agreement = single(checks, 'block-hash-agreement')
    expect(agreement.ok).toBe(false)
    expect(agreement.detail).toMatch(
      /^nodes disagree on block 1: l2-a 0x[0-9a-f]{64}, l2-b 0x[0-9a-f]{64}$/,
    )
  })

  test('nodes that agree pass block-hash-agreement', async () => {
    const a = await anvil()
    const descriptor = oneChainDevnet({
      chainId: 901,
      rpcUrl: a.rpcUrl,
      // One anvil behind two names: the same chain by construction.
      nodes: [
        { name: 'l2-a', rpcUrl: a.rpcUrl },
        { name: 'l2-a-again', rpcUrl: `${a.rpcUrl}/` },
      ],
    })
    const checks = await checkHealth(descriptor)
    expect(single(checks, 'block-hash-agreement')).toMatchObject({ ok: true })
    expect(checks.filter((check) => !check.ok)).toEqual([])
  })

  test('a chain that mines on demand: the head moves after a 0-value transaction', async () => {
    const a = await anvil()
    const descriptor = oneChainDevnet({
      chainId: 901,
      rpcUrl: a.rpcUrl,
      nodes: [{ name: 'l2-a', rpcUrl: a.rpcUrl }],
    })
    const checks = await checkHealth(descriptor)
    const head = single(checks, 'head-advancing')
    expect(head.ok).toBe(true)
    expect(head.detail).toMatch(
      /^head 0 → 1 in \d+ ms \(mines on demand: sent a 0-value transaction from 0x/,
    )
  })

  test('a head that does not move within two block times fails head-advancing', async () => {
    // Declares 0.2 s blocks, but this anvil makes one an hour.
    const a = await anvil({ blockTimeSeconds: 3_600 })
    const descriptor = oneChainDevnet({
      chainId: 901,
      rpcUrl: a.rpcUrl,
      nodes: [{ name: 'l2-a', rpcUrl: a.rpcUrl }],
      blockTimeSeconds: 0.2,
    })
    const checks = await checkHealth(descriptor)
    expect(single(checks, 'head-advancing')).toEqual({
      check: 'head-advancing',
      chain: 'l2',
      node: 'l2-a',
      ok: false,
      detail: 'head stayed at 0 for 900 ms',
    })
  })

  test('no node answers: only rpc-reachable is reported, and it fails within the timeout', async () => {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}`
    const descriptor = oneChainDevnet({
      chainId: 901,
      rpcUrl: url,
      nodes: [{ name: 'l2-a', rpcUrl: url }],
    })
    const checks = await checkHealth(descriptor, { rpcTimeoutMs: 300 })
    expect(checks).toEqual([
      {
        check: 'rpc-reachable',
        chain: 'l2',
        node: 'l2-a',
        ok: false,
        detail: `${url}: connection refused`,
      },
    ])
  })
})
