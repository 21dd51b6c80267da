import { parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HarnessError } from '../../core/index.js'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../../devnet/Anvil.js'
import type { DevnetDescriptor } from '../../devnet/Descriptor.js'
import { deriveWallets, devMnemonic } from '../../devnet/Wallets.js'
import { startSubFunders } from '../../runner/pipeline/SubFunders.js'
import { waitForBlocks } from './Blocks.js'
import { publicClientOf } from './Clients.js'
import { Faucet } from './Faucet.js'
import { Funder } from './Funder.js'
import { waitFor } from './Wait.js'

// The faucet against real anvil processes: one that mines on demand, one
// with a 1 s block time, each funding one dev account.

const anvils: AnvilProcess[] = []
let onDemand: DevnetDescriptor
let clocked: DevnetDescriptor

async function devnetOf(blockTimeSeconds?: number): Promise<DevnetDescriptor> {
  const binary = resolveAnvilBinary()
  const [l1, l2] = await Promise.all(
    (['l1', 'l2'] as const).map((role) =>
      startAnvil({
        label: role,
        chainId: role === 'l1' ? 900 : 901,
        mnemonic: devMnemonic,
        accounts: 1,
        balanceEther: 10_000,
        timeoutMs: 30_000,
        binary,
        ...(blockTimeSeconds ? { blockTimeSeconds } : {}),
      }),
    ),
  )
  anvils.push(l1 as AnvilProcess, l2 as AnvilProcess)
  const chain = (role: 'l1' | 'l2', anvil: AnvilProcess | undefined) => ({
    name: role,
    role,
    chainId: role === 'l1' ? 900 : 901,
    rpcUrl: anvil?.rpcUrl ?? '',
    nodes: [{ name: role, rpcUrl: anvil?.rpcUrl ?? '' }],
    ...(blockTimeSeconds ? { blockTimeSeconds } : {}),
  })
  return {
    name: 'faucet-test',
    backend: 'descriptor',
    chains: [chain('l1', l1), chain('l2', l2)],
    wallets: deriveWallets(devMnemonic, 1),
  }
}

beforeAll(async () => {
  ;[onDemand, clocked] = await Promise.all([devnetOf(), devnetOf(1)])
})
afterAll(async () => {
  await Promise.all(anvils.map((anvil) => anvil.stop()))
})

describe('Funder', () => {
  test('transfers asked for at once get consecutive nonces, one each, and all land', async () => {
    const chain = onDemand.chains[0]
    if (!chain) throw new Error('no l1')
    const client = publicClientOf(chain)
    const from = privateKeyToAccount(deriveWallets(devMnemonic, 1)[0]?.privateKey as `0x${string}`)
    const start = await client.getTransactionCount({ address: from.address })
    const funder = new Funder(client, from)
    const recipients = Array.from({ length: 12 }, () => privateKeyToAddress(generatePrivateKey()))

    const hashes = await Promise.all(recipients.map((to) => funder.send(to, 1n)))

    const sent = await Promise.all(hashes.map((hash) => client.getTransaction({ hash })))
    expect(sent.map((transaction) => transaction.nonce)).toEqual(
      recipients.map((_, index) => start + index),
    )
    const balances = await Promise.all(recipients.map((address) => client.getBalance({ address })))
    expect(balances).toEqual(recipients.map(() => 1n))
  })
})

describe('Faucet', () => {
  for (const [name, devnet] of [
    ['mines on demand', () => onDemand],
    ['has a 1 s block time', () => clocked],
  ] as const) {
    test(`on a devnet that ${name}: workers share one funded wallet, and concurrent tests get distinct funded accounts on both chains`, async () => {
      const subFunders = await startSubFunders(devnet(), { workers: 3 })
      const faucets = [1, 2, 3].map((poolId) => new Faucet(devnet(), subFunders.provision, poolId))
      // Three workers, three tests each, asking at once.
      const funded = await Promise.all(
        faucets.flatMap((faucet) => [1, 2, 3].map((count) => faucet.fundAccounts(count))),
      )
      const accounts = funded.flat()
      expect(accounts).toHaveLength(3 * (1 + 2 + 3))
      expect(new Set(accounts.map((account) => account.address)).size).toBe(accounts.length)
      for (const chain of devnet().chains) {
        const client = publicClientOf(chain)
        const balances = await Promise.all(
          accounts.map((account) => client.getBalance({ address: account.address })),
        )
        expect(balances).toEqual(accounts.map(() => parseEther('2')))
      }
      await subFunders.funded
      await subFunders.returnLeftovers()
    })
  }

  test('a worker whose faucet account the run never funds fails with a HarnessError naming the chain', async () => {
    const subFunders = await startSubFunders(onDemand, { workers: 1 })
    // A worker given another key than the one the run funds.
    const provision = { ...subFunders.provision, subFunderKeys: [generatePrivateKey()] }
    const faucet = new Faucet(onDemand, provision, 1, { readyTimeoutMs: 500 })
    const error = await faucet.fundAccounts(1).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(HarnessError)
    expect((error as HarnessError).shortMessage).toMatch(
      /^signalbox could not fund 1 test account\(s\) on l[12]$/,
    )
    await subFunders.returnLeftovers()
  })
})

describe('sub-funders on a devnet many runs attach to', () => {
  test('the richest wallets fund them, a poor wallet that funds none bounds nothing, and each funder gets its leftover back', async () => {
    const at = (ether: string) => ({ key: generatePrivateKey(), wei: parseEther(ether) })
    // Listed poor first: 9 ether funds no sub-funder at 8 ether of the minimum and half kept.
    const [poor, rich, richer] = [at('9'), at('500'), at('1000')]
    const wallets = [poor, rich, richer]
    for (const chain of onDemand.chains) {
      for (const { key, wei } of wallets) {
        await fetch(chain.rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'anvil_setBalance',
            params: [privateKeyToAddress(key), `0x${wei.toString(16)}`],
          }),
        })
      }
    }
    const devnet: DevnetDescriptor = {
      ...onDemand,
      wallets: wallets.map(({ key }) => ({ address: privateKeyToAddress(key), privateKey: key })),
    }

    const subFunders = await startSubFunders(devnet, { workers: 2 })
    // Each sub-funder gets the 100 accounts' worth (200 ether), which half of the poorer rich wallet covers.
    expect(subFunders.provision.chains.map((chain) => chain.subFunderWei)).toEqual(
      onDemand.chains.map(() => parseEther('200').toString()),
    )
    await subFunders.funded
    await subFunders.returnLeftovers()

    // Nothing was spent: each funder is back to its balance but for the fees, the poor one untouched.
    for (const chain of onDemand.chains) {
      const client = publicClientOf(chain)
      const balances = () =>
        Promise.all(
          wallets.map(({ key }) => client.getBalance({ address: privateKeyToAddress(key) })),
        )
      await waitFor(
        async () =>
          (await balances()).every((balance, index) => {
            const lent = (wallets[index] as (typeof wallets)[number]).wei
            return balance <= lent && balance > lent - parseEther('0.01')
          }),
        { timeoutMs: 10_000, description: `the leftovers on ${chain.name}` },
      ).catch(async () => {
        throw new Error(`${chain.name} balances: ${(await balances()).join(', ')}`)
      })
      expect((await balances())[0]).toBe(poor.wei)
    }
  })
})

describe('waitForBlocks', () => {
  test('asks for the blocks it waits for where the chain mines on demand', async () => {
    const chain = onDemand.chains[1]
    if (!chain) throw new Error('no l2')
    const client = publicClientOf(chain)
    const before = await client.getBlockNumber({ cacheTime: 0 })
    const head = await waitForBlocks(client, 3, { timeoutMs: 5_000 })
    expect(head).toBeGreaterThanOrEqual(before + 3n)
    // Empty blocks: asked for, not made by a transaction.
    const block = await client.getBlock({ blockNumber: before + 1n })
    expect(block.transactions).toEqual([])
  })

  test('asks for nothing where the chain has a block time: its blocks come on their own', async () => {
    const chain = clocked.chains[1]
    if (!chain) throw new Error('no l2')
    const client = publicClientOf(chain)
    const started = Date.now()
    await waitForBlocks(client, 2, { timeoutMs: 5_000 })
    // Two blocks of a 1 s chain take at least about a second; asked-for blocks would take ms.
    expect(Date.now() - started).toBeGreaterThan(900)
  })
})
