import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseEther, toHex } from 'viem'
import { afterAll, describe, expect, test } from 'vitest'
import type { Results } from '../../core/index.js'
import { readResults, repoRoot, runCli, scratchFolders } from '../../test/cli.js'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../Anvil.js'
import { checkHealth } from '../Health.js'
import { deriveWallets, devMnemonic } from '../Wallets.js'
import { loadDescriptor } from './DescriptorSource.js'

/**
 * Every published devnet-sdk descriptor example (`../fixtures/devnet-sdk/`,
 * whose README names the source of each: ethereum-optimism/optimism's
 * devnet-sdk book, devnet-sdk's Go tests and kurtosis-devnet's documentation)
 * pointed at local anvil nodes, changing only hosts and ports, loads, passes
 * the devnet health checks and runs the shipped suites green; a key that does
 * not match its address is exit 2.
 *
 * The anvils are started by this test, one per chain, with the example's chain
 * id where it gives one (else one the loader has to learn from eth_chainId),
 * mining a block a second as kurtosis devnets do on a clock; L2s run as
 * OP-style anvils (`--network optimism`). Each wallet an example lists with a
 * key is given 10 000 ether on every chain with `anvil_setBalance` before the
 * descriptor is loaded, standing in for the genesis allocation a real devnet
 * gives its prefunded accounts on the L1 and the L2, even where the example
 * lists the wallet on the L1 only (the book's examples do): the faucet funds
 * each chain's tests from whichever listed key has ether there.
 */

/** What each listed wallet is given on every chain, standing in for a devnet's genesis. */
const prefundedWei = parseEther('10000')

const tempDir = scratchFolders()
const running: AnvilProcess[] = []
afterAll(async () => {
  await Promise.all(running.map((anvil) => anvil.stop()))
})

type Json = Record<string, unknown>
type Chain = Json & { id?: string; nodes?: unknown[] | null; services?: Json | null }

async function fixture(name: string): Promise<Json> {
  const url = new URL(`../fixtures/devnet-sdk/${name}`, import.meta.url)
  return JSON.parse(await readFile(url, 'utf8')) as Json
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

function chainsOf(document: Json): Chain[] {
  return [document.l1 as Chain, ...((document.l2 as Chain[] | null) ?? [])]
}

/** Changes the host and port of every RPC endpoint of the chain (and nothing else) to the anvil's. */
function pointAt(chain: Chain, rpcUrl: string): void {
  const { hostname, port } = new URL(rpcUrl)
  const repoint = (service: unknown) => {
    const endpoint = (service as { endpoints?: { rpc?: Json } } | null)?.endpoints?.rpc
    if (endpoint) Object.assign(endpoint, { host: hostname, port: Number(port) })
  }
  for (const node of chain.nodes ?? []) {
    const entry = node as { el?: unknown; services?: Json }
    if (typeof entry.el === 'string') entry.el = rpcUrl
    repoint(entry.services?.el)
  }
  for (const service of Object.values(chain.services ?? {})) {
    for (const one of Array.isArray(service) ? service : [service]) repoint(one)
  }
}

/** Addresses of every wallet with a key, wherever the document lists it. */
function walletAddresses(document: Json): string[] {
  const maps = [document.wallets, ...chainsOf(document).flatMap((c) => [c.wallets, c.l1_wallets])]
  return maps.flatMap((map) =>
    Object.values((map as Record<string, { address: string; private_key?: string }>) ?? {})
      .filter((wallet) => wallet?.private_key)
      .map((wallet) => wallet.address),
  )
}

/** The fixture, re-pointed at fresh anvils (one per chain), written to a file; the anvils' chain ids. */
async function onAnvils(name: string, cwd: string) {
  const document = await fixture(name)
  const chains = chainsOf(document)
  // A chain the example gives no id gets one the loader must learn.
  const chainIds = chains.map((chain, index) => Number(chain.id || 7_000 + index))
  const anvils = await Promise.all(
    chainIds.map(async (chainId, index) => {
      const anvil = await startAnvil({
        label: `${name} chain ${index}`,
        chainId,
        mnemonic: devMnemonic,
        accounts: 1,
        balanceEther: 100,
        blockTimeSeconds: 1,
        // The L2s of these examples are OP Stack chains (deposits, OP fee parameters).
        ...(index > 0 ? { network: 'optimism' as const } : {}),
        timeoutMs: 30_000,
        binary: resolveAnvilBinary(),
      })
      running.push(anvil)
      return anvil
    }),
  )
  for (const [index, chain] of chains.entries()) pointAt(chain, anvils[index]?.rpcUrl ?? '')
  for (const anvil of anvils) {
    for (const address of walletAddresses(document))
      await rpc(anvil.rpcUrl, 'anvil_setBalance', [address, toHex(prefundedWei)])
  }
  const file = join(cwd, name)
  await writeFile(file, JSON.stringify(document, null, 2))
  const stop = () => Promise.all(anvils.map((anvil) => anvil.stop()))
  return { file, document, chainIds, rpcUrls: anvils.map((anvil) => anvil.rpcUrl), stop }
}

const examples = [
  'book-descriptors.json',
  'kurtosis-devnet-book-std-output.json',
  'kurtosis-devnet-readme.json',
  'devnet-sdk-shell-env-test.json',
]

describe('published devnet-sdk examples on local anvil nodes', () => {
  for (const name of examples) {
    test(`${name}: loads, learns missing chain ids, and passes the health checks`, async () => {
      const cwd = await tempDir('sdk-example')
      const devnet = await onAnvils(name, cwd)
      try {
        const descriptor = await loadDescriptor(devnet.file)
        expect(descriptor.chains.map((chain) => chain.chainId)).toEqual(devnet.chainIds)
        expect(descriptor.chains.map((chain) => chain.rpcUrl)).toEqual(devnet.rpcUrls)

        // Every keyed wallet is kept, on whichever chain the example lists it.
        expect(descriptor.wallets.map((wallet) => wallet.address)).toEqual(
          walletAddresses(devnet.document),
        )

        const checks = await checkHealth(descriptor)
        // Every check passes, bar wallets-funded where the example lists no
        // wallet with a key at all (devnet-sdk's env_test.go): a run does not
        // judge that check (the faucet decides), see the runs below.
        const noWallet = descriptor.chains.map((chain) => ({
          check: 'wallets-funded',
          chain: chain.name,
          ok: false,
          detail: 'the descriptor lists no wallet with a private key',
        }))
        expect(checks.filter((check) => !check.ok)).toEqual(
          descriptor.wallets.length === 0 ? noWallet : [],
        )
        const kinds = new Set(checks.map((check) => check.check))
        expect(kinds).toEqual(
          new Set(['rpc-reachable', 'chain-id', 'head-advancing', 'wallets-funded']),
        )
        // One head-advancing check per node: every chain was checked.
        expect(checks.filter((check) => check.check === 'head-advancing')).toHaveLength(
          descriptor.chains.reduce((count, chain) => count + chain.nodes.length, 0),
        )
      } finally {
        await devnet.stop()
      }
    })
  }
})

/** Runs `signalbox run` through the built CLI on a devnet file; `suites` is a folder of the repo's suites. */
async function runOn(devnetFile: string, cwd: string, suites: string) {
  const out = join(cwd, 'out')
  const run = await runCli(
    ['run', '--suites', join(repoRoot, suites), '--devnet', devnetFile, '--out', out],
    { cwd },
  )
  return {
    run,
    results: await readResults(out),
    written: await readFile(join(out, 'results.json'), 'utf8'),
  }
}

/** Tests that did not pass: anvil's known deviations are skipped by the suites with their reason. */
function notPassed(results: Results) {
  return results.tests
    .filter((test) => test.status !== 'passed')
    .map((test) => [test.id, test.status, test.skipReason ?? test.error?.message])
}

/** Green: exit 0, promote, no run error, every health check ok. */
function expectGreen({ run, results }: Awaited<ReturnType<typeof runOn>>) {
  expect(results.run.error).toBeUndefined()
  expect(results.health.length).toBeGreaterThan(0)
  expect(results.health.filter((check) => !check.ok)).toEqual([])
  expect(results.tests.filter((test) => test.harnessProblem)).toEqual([])
  expect(run.code, run.stderr).toBe(0)
  expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['promote'])
}

/** The first folder of each test's file: the shipped features that ran. */
function foldersOf(results: Results): Set<string> {
  return new Set(results.tests.map((test) => test.file.split('/')[0] ?? ''))
}

/** The private keys the example lists, without 0x. */
function keysOf(document: Json): string[] {
  const maps = [document.wallets, ...chainsOf(document).flatMap((c) => [c.wallets, c.l1_wallets])]
  return maps.flatMap((map) =>
    Object.values((map as Record<string, { private_key?: string }>) ?? {})
      .map((wallet) => wallet?.private_key?.replace(/^0x/, ''))
      .filter((key): key is string => Boolean(key)),
  )
}

/** Every shipped suite ran, and passed but for the one check anvil cannot pass (skipped with why). */
function expectEveryShippedSuite(results: Results) {
  expect(foldersOf(results)).toEqual(new Set(['base', 'contracts', 'deposits', 'fees', 'load']))
  expect(results.tests.length).toBeGreaterThan(30)
  expect(notPassed(results)).toEqual([
    [
      "deposits/deposit.accept.ts > deposits > L2 deposit receipt records the sender's nonce before the deposit (depositNonce)",
      'skipped',
      expect.stringMatching(/^anvil\/v\S+ --network optimism reports depositNonce 1 /),
    ],
  ])
}

describe('signalbox run on the published examples', () => {
  // Every shipped suite on each example: the README's, whose one wallet list
  // covers the whole devnet, and the book's, whose one wallet is listed on the
  // L1 only, here; the book's std output below (its L1 id learned); the Go
  // test's, which lists no wallet, runs the base suite once one is added.
  for (const name of ['kurtosis-devnet-readme.json', 'book-descriptors.json']) {
    test(`${name}: every shipped suite passes; each chain's tests are funded from the listed wallet; its key in no output`, {
      timeout: 600_000,
    }, async () => {
      const cwd = await tempDir('sdk-run')
      const devnet = await onAnvils(name, cwd)
      try {
        const outcome = await runOn(devnet.file, cwd, 'suites')
        expectGreen(outcome)
        expectEveryShippedSuite(outcome.results)
        // The faucet spent from the one listed wallet on both chains (listed on
        // the L1 only in the book's example): what it sent out is not all back.
        const [wallet] = walletAddresses(devnet.document)
        for (const rpcUrl of devnet.rpcUrls) {
          expect(
            BigInt((await rpc(rpcUrl, 'eth_getBalance', [wallet, 'latest'])) as string),
          ).toBeLessThan(prefundedWei)
        }
        const keys = keysOf(devnet.document)
        expect(keys).toHaveLength(1)
        for (const text of [outcome.written, outcome.run.stdout, outcome.run.stderr]) {
          for (const key of keys) expect(text).not.toContain(key)
        }
      } finally {
        await devnet.stop()
      }
    })
  }

  test('kurtosis-devnet-book-std-output.json: every shipped suite passes (wallet on the L1 only, L1 id learned)', {
    timeout: 600_000,
  }, async () => {
    const cwd = await tempDir('sdk-run')
    const devnet = await onAnvils('kurtosis-devnet-book-std-output.json', cwd)
    try {
      const outcome = await runOn(devnet.file, cwd, 'suites')
      expectGreen(outcome)
      expectEveryShippedSuite(outcome.results)
    } finally {
      await devnet.stop()
    }
  })

  test('devnet-sdk-shell-env-test.json lists no wallet: exit 2 naming both chains, no test run; with one keyed wallet added, the base suite passes', {
    timeout: 300_000,
  }, async () => {
    const cwd = await tempDir('sdk-run')
    const devnet = await onAnvils('devnet-sdk-shell-env-test.json', cwd)
    try {
      // As published: nothing to fund the tests' accounts from, which is a run
      // error (never a pass, never a finding).
      const bare = await runOn(devnet.file, cwd, join('suites', 'base'))
      expect(bare.run.code, bare.run.stderr).toBe(2)
      expect(bare.results.run.error).toMatch(/^no funded wallet on l1 and op: /)
      expect(bare.results.run.error).toContain(
        'The devnet descriptor lists no wallet with a private key.',
      )
      expect(bare.results.tests).toEqual([])
      expect(bare.results.verdicts.map((verdict) => verdict.decision)).toEqual(['error'])

      // The one change beyond hosts and ports: anvil's first development
      // account (public key, funded by the anvils) listed in l1.wallets.
      const [account] = deriveWallets(devMnemonic, 1) as [{ address: string; privateKey: string }]
      const document = JSON.parse(await readFile(devnet.file, 'utf8'))
      document.l1.wallets = { dev: { address: account.address, private_key: account.privateKey } }
      await writeFile(devnet.file, JSON.stringify(document))
      const funded = await runOn(devnet.file, await tempDir('sdk-run'), join('suites', 'base'))
      expectGreen(funded)
      expect(new Set(funded.results.tests.map((test) => test.file))).toEqual(
        new Set(
          ['liveness', 'nodes', 'nonces', 'receipts', 'transfers'].map(
            (name) => `${name}.accept.ts`,
          ),
        ),
      )
      expect(notPassed(funded.results)).toEqual([])
    } finally {
      await devnet.stop()
    }
  })

  test('a key that does not match its address: exit 2, the file and the key’s path named, the key not shown', async () => {
    const cwd = await tempDir('sdk-mismatch')
    const devnet = await onAnvils('kurtosis-devnet-readme.json', cwd)
    try {
      const document = JSON.parse(await readFile(devnet.file, 'utf8'))
      // anvil's first development account's key, under the README wallet's address.
      const wrongKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
      document.wallets.baseFeeVaultRecipient.private_key = wrongKey
      await writeFile(devnet.file, JSON.stringify(document))
      const run = await runCli(
        ['run', '--suites', join(repoRoot, 'suites', 'base'), '--devnet', devnet.file],
        { cwd },
      )
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('kurtosis-devnet-readme.json')
      expect(run.stderr).toContain(
        "wallets.baseFeeVaultRecipient.private_key: does not match the wallet's address 0xF435e3ba80545679CfC24E5766d7B02F0CCB5938",
      )
      for (const text of [run.stdout, run.stderr]) expect(text).not.toContain(wrongKey.slice(2))
    } finally {
      await devnet.stop()
    }
  })
})
