import { type Address, formatEther, type Hash, type Hex, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { HarnessError, plural } from '../../core/index.js'
import { chainOf, type DevnetChain, type DevnetDescriptor } from '../../devnet/Descriptor.js'
import { publicClientOf } from '../../suites/kit/Clients.js'
import type { FaucetProvision } from '../../suites/kit/Faucet.js'
import { freshPrivateKey, newKeyMarker } from '../../suites/kit/FreshKeys.js'
import { Funder } from '../../suites/kit/Funder.js'
import { findReceipt } from '../../suites/kit/Inclusion.js'
import { waitFor } from '../../suites/kit/Wait.js'

/**
 * The run's side of the faucet (the test workers' side is `suites/kit/Faucet`):
 * one fresh "sub-funder" account per test worker, funded on each chain the
 * tests send on from the devnet's funded wallets, so that each worker funds
 * its tests' accounts from an account of its own and no two threads ever
 * send with the same nonce. One funded wallet is enough for any number of
 * workers.
 */

export interface SubFunderOptions {
  /** Test workers: one sub-funder each. */
  workers: number
  /** What each test account gets on each chain. Default: 2 ether. */
  accountWei?: bigint
  /** Test accounts a sub-funder can fund at most. Default: 100. */
  accountsPerWorker?: number
  /** Test accounts a sub-funder must be able to fund at least, or the run is an error. Default: 4. */
  minAccountsPerWorker?: number
  /** How long funding the sub-funders may take. Default: 40 000 ms. */
  timeoutMs?: number
}

/** The sub-funders of one run: what the workers are given, and the funding under way. */
export interface SubFunders {
  /** For the test workers (vitest's `provide`); holds keys. */
  provision: FaucetProvision
  /** Settles once every sub-funder is funded; rejects with a HarnessError naming the chain otherwise. */
  funded: Promise<void>
  /**
   * Once funding settled, sends what the sub-funders have left back to the
   * wallets that funded them (best effort: not waited for in blocks), so a
   * devnet that outlives the run keeps its ether. Call it when the tests are done.
   */
  returnLeftovers(): Promise<void>
}

/** A chain's funded wallets, as the preflight found them. */
interface ChainFunding {
  chain: DevnetChain
  /** The wallets that fund the sub-funders, richest first: sub-funder i is funded by `funders[i % length]`. */
  funders: Array<{ address: Address; privateKey: Hex; balance: bigint }>
  subFunderWei: bigint
}

/** What the preflight found: each chain's funded wallets and each sub-funder's share. */
export interface SubFunderPlan {
  workers: number
  accountWei: bigint
  timeoutMs: number
  chains: ChainFunding[]
  /** Chains whose balances could not be read (their RPC did not answer): the health checks say why. */
  unreadable: string[]
}

/**
 * The preflight: finds the funded wallets of each chain the tests send on
 * (the L1 and the first L2): every key the descriptor lists whose account has
 * ether on that chain, whichever chain listed it. Sends nothing. Run it
 * before the health checks: a chain without funds is a harness problem,
 * while a chain that does not answer is the devnet's (left to the checks,
 * in `unreadable`).
 *
 * @throws HarnessError when a chain that answers has no funded wallet, or
 * too little ether for the workers; the message names the chain.
 */
export async function planSubFunders(
  descriptor: DevnetDescriptor,
  options: SubFunderOptions,
): Promise<SubFunderPlan> {
  const accountWei = options.accountWei ?? parseEther('2')
  const chains = (['l1', 'l2'] as const)
    .map((role) => chainOf(descriptor, role))
    .filter((chain) => chain !== undefined)
  const fundings = await Promise.all(
    chains.map((chain) => fundingOf(chain, descriptor, options, accountWei)),
  )
  const readable = fundings.filter((funding) => funding !== undefined)
  const unfunded = readable.filter((funding) => funding.funders.length === 0)
  if (unfunded.length > 0) throw noFundedWallet(unfunded, descriptor)
  return {
    workers: options.workers,
    accountWei,
    timeoutMs: options.timeoutMs ?? 40_000,
    chains: readable,
    unreadable: chains.filter((_, index) => fundings[index] === undefined).map((c) => c.name),
  }
}

/**
 * Starts funding one fresh sub-funder per worker on each chain of `plan`,
 * from the chain's funded wallets in turn, and returns without waiting for
 * the transfers (so they overlap vitest's start-up). Aborting `signal` stops
 * waiting for them to be included.
 *
 * @throws HarnessError when the plan could not read a chain's balances.
 */
export function fundSubFunders(plan: SubFunderPlan, signal?: AbortSignal): SubFunders {
  if (plan.unreadable.length > 0) {
    const names = plan.unreadable.join(' and ')
    throw new HarnessError(`signalbox could not read the funded wallets' balances on ${names}`, {
      hint: `Check that ${names} answers on its RPC.`,
    })
  }
  const keyMarker = newKeyMarker()
  const subFunderKeys = Array.from({ length: plan.workers }, () => freshPrivateKey(keyMarker))
  const subFunderAddresses = subFunderKeys.map((key) => privateKeyToAccount(key).address)
  const funded = Promise.all(
    plan.chains.map((funding) => fundChain(funding, subFunderAddresses, plan.timeoutMs, signal)),
  ).then(() => undefined)
  // Nobody may be listening yet (a run that ends early): the rejection is read by whoever awaits.
  funded.catch(() => {})
  return {
    provision: {
      keyMarker,
      subFunderKeys,
      chains: plan.chains.map(({ chain, subFunderWei }) => ({
        name: chain.name,
        subFunderWei: subFunderWei.toString(),
      })),
      accountWei: plan.accountWei.toString(),
    },
    funded,
    returnLeftovers: async () => {
      await funded.catch(() => {})
      await Promise.all(plan.chains.map((funding) => returnLeftovers(funding, subFunderKeys)))
    },
  }
}

/** `planSubFunders`, then `fundSubFunders`: for callers without health checks in between. */
export async function startSubFunders(
  descriptor: DevnetDescriptor,
  options: SubFunderOptions,
): Promise<SubFunders> {
  return fundSubFunders(await planSubFunders(descriptor, options))
}

async function fundingOf(
  chain: DevnetChain,
  descriptor: DevnetDescriptor,
  options: SubFunderOptions,
  accountWei: bigint,
): Promise<ChainFunding | undefined> {
  const client = publicClientOf(chain)
  const wallets = [...new Map(descriptor.wallets.map((w) => [w.address.toLowerCase(), w])).values()]
  let balances: bigint[]
  try {
    balances = await Promise.all(
      wallets.map((wallet) => client.getBalance({ address: wallet.address as Address })),
    )
  } catch {
    return undefined
  }
  const minimum = accountWei * BigInt(options.minAccountsPerWorker ?? 4)
  const candidates = wallets
    .map((wallet, index) => ({
      address: wallet.address as Address,
      privateKey: wallet.privateKey as Hex,
      balance: balances[index] ?? 0n,
    }))
    // A wallet that could not fund even one sub-funder is no funder.
    .filter((wallet) => wallet.balance > minimum)
  if (candidates.length === 0) return { chain, funders: candidates, subFunderWei: 0n }
  // The richest fund, one sub-funder each in turn: a devnet that many runs attach to
  // spreads what the tests spend over its wallets, and a poor wallet that funds no
  // sub-funder does not bound the others' share. Stable for equal balances.
  const funders = candidates
    .map((funder, index) => ({ funder, index }))
    .sort((a, b) =>
      a.funder.balance === b.funder.balance
        ? a.index - b.index
        : a.funder.balance > b.funder.balance
          ? -1
          : 1,
    )
    .slice(0, options.workers)
    .map(({ funder }) => funder)
  // Each wallet keeps half its ether for whoever else uses the devnet.
  const perFunder = Math.ceil(options.workers / funders.length)
  const affordable = funders
    .map((funder) => funder.balance / 2n / BigInt(perFunder))
    .reduce((low, share) => (share < low ? share : low))
  const wanted = accountWei * BigInt(options.accountsPerWorker ?? 100)
  const subFunderWei = affordable < wanted ? affordable : wanted
  if (subFunderWei < minimum) {
    const total = funders.reduce((sum, funder) => sum + funder.balance, 0n)
    throw new HarnessError(
      `the funded wallets have too little ether on ${chain.name} for ${plural(options.workers, 'test worker')}`,
      {
        details: `They hold ${formatEther(total)} ether; signalbox uses at most half of it, and each worker needs ${formatEther(minimum)} ether to fund its tests' accounts.`,
        hint: `Fund the devnet's wallet on ${chain.name}, or run with fewer workers (--workers).`,
      },
    )
  }
  return { chain, funders, subFunderWei }
}

function noFundedWallet(unfunded: readonly ChainFunding[], descriptor: DevnetDescriptor) {
  const names = unfunded.map((funding) => funding.chain.name)
  const listed = descriptor.wallets.length
  return new HarnessError(
    `no funded wallet on ${names.join(' and ')}: signalbox cannot fund the tests' accounts there`,
    {
      details:
        listed === 0
          ? 'The devnet descriptor lists no wallet with a private key.'
          : `None of the ${plural(listed, 'wallet')} with a private key the devnet descriptor lists has ether on ${names.join(' or ')} (every listed key is tried on every chain).`,
      hint: `List a wallet with its private key and ether on ${names.join(' and ')} in the devnet descriptor, or send ether on ${names.join(' and ')} to one it lists.`,
    },
  )
}

/** Funds every sub-funder on one chain, each from one of the chain's funders in turn, and waits for the transfers. */
async function fundChain(
  funding: ChainFunding,
  subFunders: readonly Address[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { chain } = funding
  const client = publicClientOf(chain)
  const funders = funding.funders.map(
    (funder) => new Funder(client, privateKeyToAccount(funder.privateKey)),
  )
  try {
    const hashes = await Promise.all(
      subFunders.map((address, index) =>
        (funders[index % funders.length] as Funder).send(address, funding.subFunderWei),
      ),
    )
    await waitForTransfers(client, hashes, { timeoutMs, signal }, chain.name)
  } catch (error) {
    throw new HarnessError(
      `signalbox could not fund the test workers' faucet accounts on ${chain.name}`,
      {
        details: error instanceof Error ? error.message.split('\n')[0] : String(error),
        hint: `Check that ${chain.name}'s RPC accepts transactions from the devnet's funded wallet and includes them.`,
        cause: error,
      },
    )
  }
}

async function waitForTransfers(
  client: ReturnType<typeof publicClientOf>,
  hashes: readonly Hash[],
  { timeoutMs, signal }: { timeoutMs: number; signal: AbortSignal | undefined },
  chainName: string,
): Promise<void> {
  const pending = new Set(hashes)
  await waitFor(
    async () => {
      for (const hash of pending) {
        const receipt = await findReceipt(client, hash)
        if (!receipt) continue
        if (receipt.status !== 'success') throw new Error(`the transfer ${hash} reverted`)
        pending.delete(hash)
      }
      return pending.size === 0
    },
    {
      timeoutMs,
      ...(signal ? { signal } : {}),
      description: `the sub-funders' funding transfers on ${chainName}`,
    },
  )
}

/** Headroom left for the L1 data fee an OP Stack chain adds to a transfer. */
const dataFeeHeadroomWei = parseEther('0.001')

/** Sends each sub-funder's leftover back to the wallet that funded it (as `fundChain` paired them). */
async function returnLeftovers(funding: ChainFunding, subFunderKeys: readonly Hex[]) {
  const { funders } = funding
  if (funders.length === 0) return
  const client = publicClientOf(funding.chain)
  await Promise.all(
    subFunderKeys.map(async (key, index) => {
      const home = funders[index % funders.length] as ChainFunding['funders'][number]
      try {
        const account = privateKeyToAccount(key)
        const [balance, block, tip] = await Promise.all([
          client.getBalance({ address: account.address }),
          client.getBlock({ blockTag: 'latest' }),
          client.estimateMaxPriorityFeePerGas(),
        ])
        const maxFeePerGas = 2n * (block.baseFeePerGas ?? 0n) + tip
        const value = balance - 21_000n * maxFeePerGas - dataFeeHeadroomWei
        if (value <= 0n) return
        await new Funder(client, account).send(home.address, value)
      } catch {
        // Best effort: a devnet that is gone or refuses keeps the dust.
      }
    }),
  )
}
