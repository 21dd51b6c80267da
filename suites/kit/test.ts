import type { Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { inject, test as vitestTest } from 'vitest'
import type { ChainRole } from '../../core/index.js'
import { chainOf, type DevnetDescriptor } from '../../devnet/Descriptor.js'
import { AccountLeaser, type Lease, workerAccounts } from './AccountLeaser.js'
import { publicClientOf, walletClientOf } from './Clients.js'
import { providedKeys } from './Meta.js'

/** A funded account that no other running test uses, with a wallet client per chain. */
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
  /** Public client of the L1. */
  l1: PublicClient<Transport, Chain>
  /** Public client of the (first) L2. */
  l2: PublicClient<Transport, Chain>
  /** A funded account leased to this test alone, so its nonces never collide with another test's. */
  wallet: TestWallet
  /**
   * Leases `count` funded accounts to this test alone, all at once, released
   * when the test ends. A test leases once: ask for `wallet` or call
   * `wallets(n)`, not both (a test holding accounts while it waits for more
   * could deadlock with another doing the same). At most the worker's share
   * of the devnet's accounts (32 accounts ÷ 4 workers = 8 on the embedded devnet).
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
 * and `l2` (public clients) and `wallet` (an account leased to this test
 * alone). Everything vitest's `test` does works (`test.concurrent`,
 * `test.each`, `test.skipIf`, options with `meta: { severity, owner }`).
 */
export const test = vitestTest.extend<{
  $worker: Omit<SignalboxFixtures, 'wallet' | 'wallets'> & { accountLeaser: AccountLeaser }
  $test: Pick<SignalboxFixtures, 'wallet' | 'wallets'>
}>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from its first parameter.
  devnet: [async ({}, use) => use(devnetOrExplain()), { scope: 'worker' }],
  l1: [
    async ({ devnet }, use) => use(publicClientOf(chainOrExplain(devnet, 'l1'))),
    { scope: 'worker' },
  ],
  l2: [
    async ({ devnet }, use) => use(publicClientOf(chainOrExplain(devnet, 'l2'))),
    { scope: 'worker' },
  ],
  accountLeaser: [
    async ({ devnet }, use) => {
      const workers = inject(providedKeys.workers) ?? 1
      const poolId = Number(process.env.VITEST_POOL_ID ?? 1)
      await use(new AccountLeaser(workerAccounts(devnet.wallets, workers, poolId)))
    },
    { scope: 'worker' },
  ],
  wallets: async ({ devnet, accountLeaser, signal }, use) => {
    const held: Lease[] = []
    let leased = false
    let finished = false
    await use(async (count) => {
      if (leased) {
        throw new Error(
          'this test already leased its accounts (through `wallet` or an earlier `wallets(n)`): ' +
            'a test leases once, so ask for `wallets(n)` alone and use its first account as the wallet',
        )
      }
      leased = true
      const leases = await accountLeaser.lease(count, signal)
      // Granted after the test ended (it timed out while waiting): give them straight back.
      if (finished) {
        for (const lease of leases) lease.release()
        throw new Error('the test ended before its accounts were leased')
      }
      held.push(...leases)
      return leases.map((lease) => testWalletOf(devnet, lease.wallet.privateKey as Hex))
    })
    finished = true
    for (const lease of held) lease.release()
  },
  wallet: async ({ wallets }, use) => {
    const [wallet] = await wallets(1)
    if (!wallet) throw new Error('leasing one account returned none')
    await use(wallet)
  },
})

function testWalletOf(devnet: DevnetDescriptor, privateKey: Hex): TestWallet {
  const account = privateKeyToAccount(privateKey)
  return {
    account,
    l1: walletClientOf(chainOrExplain(devnet, 'l1'), account),
    l2: walletClientOf(chainOrExplain(devnet, 'l2'), account),
  }
}
