import type { Chain, PublicClient, Transport, WalletClient } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { inject, test as vitestTest } from 'vitest'
import { type ChainRole, HarnessError } from '../../core/index.js'
import { chainOf, type DevnetDescriptor } from '../../devnet/Descriptor.js'
import { produceBlocksWith } from './Blocks.js'
import { publicClientOf, walletClientOf } from './Clients.js'
import { Faucet } from './Faucet.js'
import { providedKeys } from './Meta.js'

/** A funded account that no other test uses, with a wallet client per chain. */
export interface TestWallet {
  /** A local account: it signs without a round trip to the node (`account.signTransaction`). */
  account: PrivateKeyAccount
  /** Sends from `account` on the L1. */
  l1: WalletClient<Transport, Chain, PrivateKeyAccount>
  /** Sends from `account` on the (first) L2. */
  l2: WalletClient<Transport, Chain, PrivateKeyAccount>
}

/** The fixtures every signalbox test can ask for. */
export interface SignalboxFixtures {
  /** The devnet under test, as its backend described it. */
  devnet: DevnetDescriptor
  /**
   * Public client of the L1. Where the chain mines on demand, `waitForBlocks`
   * on it asks for the blocks it waits for.
   */
  l1: PublicClient<Transport, Chain>
  /** Public client of the (first) L2; like `l1`. */
  l2: PublicClient<Transport, Chain>
  /**
   * A fresh account for this test alone, funded on the L1 and the L2 before
   * the test starts (the same as `(await wallets(1))[0]`), so its nonces never
   * collide with another test's.
   */
  wallet: TestWallet
  /**
   * `count` fresh accounts for this test alone, each funded on the L1 and the
   * L2 once the funding transfers are in blocks. Any count works, whatever the
   * number of workers or of the devnet's funded wallets (one is enough):
   * signalbox funds them from the devnet's funded wallets through a faucet
   * account per test worker. Call it as often as needed. An account that
   * could not be funded is a harness problem: the run is an error (exit 2),
   * not a finding against the test.
   */
  wallets: (count: number) => Promise<TestWallet[]>
}

function devnetOrExplain(): DevnetDescriptor {
  const devnet = inject(providedKeys.devnet)
  if (!devnet) {
    throw new Error(
      'no devnet was provided to this test: run acceptance suites with `signalbox run`',
    )
  }
  return devnet
}

function chainOrExplain(devnet: DevnetDescriptor, role: ChainRole) {
  const chain = chainOf(devnet, role)
  if (!chain) throw new Error(`the devnet "${devnet.name}" has no ${role.toUpperCase()} chain`)
  return chain
}

/**
 * vitest's `test`, with the devnet fixtures: `devnet` (the descriptor), `l1`
 * and `l2` (public clients), `wallet` and `wallets(n)` (fresh funded
 * accounts for this test alone). Everything vitest's `test` does works
 * (`test.concurrent`, `test.each`, `test.skipIf`, options with
 * `meta: { severity, owner }`).
 */
export const test = vitestTest.extend<{
  $worker: Omit<SignalboxFixtures, 'wallet' | 'wallets'> & { faucet: Faucet }
  $test: Pick<SignalboxFixtures, 'wallet' | 'wallets'>
}>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from its first parameter.
  devnet: [async ({}, use) => use(devnetOrExplain()), { scope: 'worker' }],
  faucet: [
    async ({ devnet }, use) => {
      const provision = inject(providedKeys.faucet)
      if (!provision) {
        throw new HarnessError('no faucet was provided to this test', {
          hint: 'Run acceptance suites with `signalbox run`, which funds their accounts.',
        })
      }
      await use(new Faucet(devnet, provision, Number(process.env.VITEST_POOL_ID ?? 1)))
    },
    { scope: 'worker' },
  ],
  l1: [
    async ({ devnet, faucet }, use) => use(blockProducingClient(devnet, 'l1', faucet)),
    { scope: 'worker' },
  ],
  l2: [
    async ({ devnet, faucet }, use) => use(blockProducingClient(devnet, 'l2', faucet)),
    { scope: 'worker' },
  ],
  wallets: async ({ devnet, faucet, signal }, use) => {
    await use(async (count) => {
      const accounts = await faucet.fundAccounts(count, signal)
      return accounts.map((account) => testWalletOf(devnet, account))
    })
  },
  wallet: async ({ wallets }, use) => {
    const [wallet] = await wallets(1)
    if (!wallet) throw new Error('funding one account returned none')
    await use(wallet)
  },
})

/** The public client of the chain with `role`; where its node has no `evm_mine`, the faucet makes its blocks. */
function blockProducingClient(
  devnet: DevnetDescriptor,
  role: ChainRole,
  faucet: Faucet,
): PublicClient<Transport, Chain> {
  const chain = chainOrExplain(devnet, role)
  const client = publicClientOf(chain)
  produceBlocksWith(client, () => faucet.nudge(chain.name))
  return client
}

function testWalletOf(devnet: DevnetDescriptor, account: PrivateKeyAccount): TestWallet {
  return {
    account,
    l1: walletClientOf(chainOrExplain(devnet, 'l1'), account),
    l2: walletClientOf(chainOrExplain(devnet, 'l2'), account),
  }
}
