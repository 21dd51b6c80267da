import type { Chain, Hash, Hex, PublicClient, Transport } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { HarnessError } from '../../core/index.js'
import type { DevnetChain, DevnetDescriptor } from '../../devnet/Descriptor.js'
import { publicClientOf } from './Clients.js'
import { freshPrivateKey } from './FreshKeys.js'
import { Funder } from './Funder.js'
import { findReceipt } from './Inclusion.js'
import { WaitTimeoutError, waitFor } from './Wait.js'

/**
 * What the run gives the test workers so each can fund its tests' accounts
 * (vitest's `provide`): plain data, amounts as decimal strings of wei.
 */
export interface FaucetProvision {
  /** Begins every fresh key of the run, so the run's redactor knows them (see `newKeyMarker`). */
  keyMarker: Hex
  /** One sub-funder per test worker: worker k (`VITEST_POOL_ID`) sends from key k-1. */
  subFunderKeys: Hex[]
  /** The chains the run funds the sub-funders on, and how much each gets there. */
  chains: Array<{ name: string; subFunderWei: string }>
  /** What each fresh test account gets on each of those chains. */
  accountWei: string
}

export interface FaucetOptions {
  /** How long to wait for the run to fund this worker's sub-funder. Default: 45 000 ms (a test may take 60 000). */
  readyTimeoutMs?: number
  /** How long to wait for the transfers that fund a test's accounts. Default: 30 000 ms. */
  fundingTimeoutMs?: number
}

interface ChainFaucet {
  chain: DevnetChain
  client: PublicClient<Transport, Chain>
  funder: Funder
  subFunderWei: bigint
  /** Settles once the run has funded the sub-funder on this chain; shared by every test of the worker. */
  ready: Promise<void> | undefined
}

/**
 * One test worker's faucet: funds fresh accounts for each test from the
 * worker's sub-funder, on every chain the run provisioned. Workers are
 * separate threads, so each has a sub-funder of its own (funded by the run
 * from the devnet's funded wallets) and no two ever send with the same nonce;
 * within the worker, the `Funder` sends one transfer at a time. Any problem
 * funding (no funds in time, an RPC refusal, a transfer that fails) is a
 * `HarnessError`: the run is an error, never a finding about the chain.
 */
export class Faucet {
  readonly #chains: ChainFaucet[]
  readonly #keyMarker: Hex
  readonly #accountWei: bigint
  readonly #readyTimeoutMs: number
  readonly #fundingTimeoutMs: number

  /** `poolId`: the worker's `VITEST_POOL_ID` (1…workers). */
  constructor(
    devnet: DevnetDescriptor,
    provision: FaucetProvision,
    poolId: number,
    options: FaucetOptions = {},
  ) {
    const key = provision.subFunderKeys[poolId - 1]
    if (!key) {
      throw new HarnessError(
        `test worker ${poolId} has no faucet account: the run provisioned ${provision.subFunderKeys.length}`,
        { hint: 'This is a bug in signalbox: the run funds one account per test worker.' },
      )
    }
    const subFunder = privateKeyToAccount(key)
    this.#keyMarker = provision.keyMarker
    this.#accountWei = BigInt(provision.accountWei)
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 45_000
    this.#fundingTimeoutMs = options.fundingTimeoutMs ?? 30_000
    this.#chains = provision.chains.map(({ name, subFunderWei }) => {
      const chain = devnet.chains.find((candidate) => candidate.name === name)
      if (!chain)
        throw new Error(`the faucet funds chain "${name}", which the devnet does not have`)
      const client = publicClientOf(chain)
      return {
        chain,
        client,
        funder: new Funder(client, subFunder),
        subFunderWei: BigInt(subFunderWei),
        ready: undefined,
      }
    })
  }

  /**
   * `count` fresh accounts, each funded on every provisioned chain, once the
   * transfers are in blocks. Aborting `signal` (the test's) stops waiting.
   *
   * @throws HarnessError when the accounts could not be funded.
   */
  async fundAccounts(count: number, signal?: AbortSignal): Promise<PrivateKeyAccount[]> {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`cannot fund ${count} accounts: ask for 1 or more`)
    }
    const accounts = Array.from({ length: count }, () =>
      privateKeyToAccount(freshPrivateKey(this.#keyMarker)),
    )
    await Promise.all(
      this.#chains.map((faucet) =>
        this.#asHarnessProblem(faucet, `fund ${count} test account(s)`, signal, async () => {
          await this.#whenReady(faucet, signal)
          const hashes = await Promise.all(
            accounts.map((account) => faucet.funder.send(account.address, this.#accountWei)),
          )
          await this.#included(faucet, hashes, signal)
        }),
      ),
    )
    return accounts
  }

  /**
   * Sends a 0-value transfer from the worker's sub-funder to itself on the
   * chain named `chainName`, which makes a block on a chain that mines on
   * demand (for nodes without `evm_mine`). Resolves once the node accepted it.
   */
  async nudge(chainName: string, signal?: AbortSignal): Promise<void> {
    const faucet = this.#chains.find((candidate) => candidate.chain.name === chainName)
    if (!faucet) throw new Error(`the faucet has no account on chain "${chainName}"`)
    await this.#asHarnessProblem(
      faucet,
      'send a transaction that makes a block',
      signal,
      async () => {
        await this.#whenReady(faucet, signal)
        await faucet.funder.send(faucet.funder.address, 0n)
      },
    )
  }

  #whenReady(faucet: ChainFaucet, signal: AbortSignal | undefined): Promise<void> {
    const address = faucet.funder.address
    // Funded in full, or already sending: an earlier test file of this worker spent some of it.
    faucet.ready ??= waitFor(
      async () =>
        (await faucet.client.getBalance({ address })) >= faucet.subFunderWei ||
        (await faucet.client.getTransactionCount({ address })) > 0,
      {
        timeoutMs: this.#readyTimeoutMs,
        intervalMs: 100,
        description: `the run to fund this worker's faucet account on ${faucet.chain.name}`,
      },
    ).then(() => undefined)
    return abortable(faucet.ready, signal)
  }

  async #included(
    faucet: ChainFaucet,
    hashes: readonly Hash[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const pending = new Set(hashes)
    await waitFor(
      async () => {
        for (const hash of pending) {
          const receipt = await findReceipt(faucet.client, hash)
          if (!receipt) continue
          if (receipt.status !== 'success') throw new Error(`the funding transfer ${hash} reverted`)
          pending.delete(hash)
        }
        return pending.size === 0
      },
      {
        timeoutMs: this.#fundingTimeoutMs,
        intervalMs: 100,
        description: `${pending.size} funding transfer(s) to be included`,
        ...(signal ? { signal } : {}),
      },
    )
  }

  /** Runs `work`; what goes wrong in it, bar the test's own abort, is a harness problem on `faucet`'s chain. */
  async #asHarnessProblem(
    faucet: ChainFaucet,
    what: string,
    signal: AbortSignal | undefined,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error
      if (error instanceof HarnessError) throw error
      const chain = faucet.chain.name
      throw new HarnessError(`signalbox could not ${what} on ${chain}`, {
        details: reasonOf(error),
        hint:
          error instanceof WaitTimeoutError
            ? `Check that ${chain} includes transactions (signalbox funds each test's accounts with transfers on it).`
            : `Check that ${chain}'s RPC accepts transactions and that the devnet's funded wallet has ether to spare on ${chain} (each test's accounts are funded from it).`,
        cause: error,
      })
    }
  }
}

/** `promise`, or the signal's reason as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  signal.throwIfAborted()
  return new Promise<T>((resolve, reject) => {
    const aborted = () => reject(signal.reason)
    signal.addEventListener('abort', aborted, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', aborted))
  })
}

/** An error's own words: viem's short message and details, not its request dump. */
function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'shortMessage' in error) {
    const { shortMessage, details } = error as { shortMessage: string; details?: string }
    return [shortMessage, details].filter(Boolean).join(': ')
  }
  return error instanceof Error ? error.message : String(error)
}
