import type { Account, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { inject, test as vitestTest } from 'vitest'
import { type ChainRole, chainOf, type DevnetDescriptor } from '../../devnet/Descriptor.js'
import { AccountPool } from './AccountPool.js'
import { publicClientOf, walletClientOf } from './Clients.js'
import { providedKeys } from './Meta.js'

/** A funded account that no other running test uses, with a wallet client per chain. */
export interface TestWallet {
  account: Account
  /** Sends from `account` on the L1. */
  l1: WalletClient<Transport, Chain, Account>
  /** Sends from `account` on the (first) L2. */
  l2: WalletClient<Transport, Chain, Account>
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
  $worker: Omit<SignalboxFixtures, 'wallet'> & { accountPool: AccountPool }
  $test: Pick<SignalboxFixtures, 'wallet'>
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
  accountPool: [
    async ({ devnet }, use) => {
      const workers = inject(providedKeys.workers) ?? 1
      const poolId = Number(process.env.VITEST_POOL_ID ?? 1)
      await use(new AccountPool(devnet.wallets, workers, poolId))
    },
    { scope: 'worker' },
  ],
  wallet: async ({ devnet, accountPool }, use) => {
    const lease = await accountPool.lease()
    try {
      const account = privateKeyToAccount(lease.wallet.privateKey as Hex)
      await use({
        account,
        l1: walletClientOf(chainOrExplain(devnet, 'l1'), account),
        l2: walletClientOf(chainOrExplain(devnet, 'l2'), account),
      })
    } finally {
      lease.release()
    }
  },
})
