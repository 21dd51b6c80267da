import type { DevnetWallet } from '../../devnet/Descriptor.js'

/** An account leased to one test. */
export interface Lease {
  wallet: DevnetWallet
  /** Gives the account back. Safe to call twice. */
  release(): void
}

interface Request {
  count: number
  /** Called when the request leaves the queue to be granted: from then on it can no longer be withdrawn. */
  dequeued: () => void
  grant: (leases: Lease[]) => void
}

/**
 * Hands out one worker's funded accounts so that no two tests running at the
 * same time send from the same account (their nonces would collide). A test
 * may lease several at once, without deadlock: a request is granted whole or
 * not at all, in arrival order, so no test ever holds some accounts while it
 * waits for more (two tests doing that could each wait for the other's). A
 * request larger than the worker's accounts fails at once rather than wait
 * forever.
 */
export class AccountLeaser {
  readonly #free: DevnetWallet[]
  readonly #capacity: number
  readonly #queue: Request[] = []

  /** `wallets`: the accounts this worker owns (see `workerAccounts`). */
  constructor(wallets: readonly DevnetWallet[]) {
    this.#free = [...wallets]
    this.#capacity = wallets.length
  }

  /**
   * Leases `count` accounts together; waits until that many are free at once.
   * Aborting `signal` withdraws the request. Each lease is released on its own.
   */
  lease(count: number, signal?: AbortSignal): Promise<Lease[]> {
    if (!Number.isInteger(count) || count < 1) {
      return Promise.reject(new RangeError(`cannot lease ${count} accounts: ask for 1 or more`))
    }
    if (count > this.#capacity) {
      return Promise.reject(
        new RangeError(
          `cannot lease ${count} accounts: this worker has ${this.#capacity} ` +
            "(the devnet's funded accounts split between the workers): ask for fewer, run with fewer workers, or give the devnet more accounts",
        ),
      )
    }
    signal?.throwIfAborted()
    return new Promise<Lease[]>((resolve, reject) => {
      const withdraw = () => {
        this.#queue.splice(this.#queue.indexOf(request), 1)
        reject(signal?.reason)
        // A large request at the head may have held back smaller ones.
        this.#grantWhatFits()
      }
      const request: Request = {
        count,
        dequeued: () => signal?.removeEventListener('abort', withdraw),
        grant: resolve,
      }
      signal?.addEventListener('abort', withdraw, { once: true })
      this.#queue.push(request)
      this.#grantWhatFits()
    })
  }

  #grantWhatFits(): void {
    for (;;) {
      const head = this.#queue[0]
      // Strict arrival order: a small request never overtakes a large one, which would starve it.
      if (!head || head.count > this.#free.length) return
      this.#queue.shift()
      head.dequeued()
      head.grant(this.#free.splice(0, head.count).map((wallet) => this.#leaseOf(wallet)))
    }
  }

  #leaseOf(wallet: DevnetWallet): Lease {
    let released = false
    return {
      wallet,
      release: () => {
        if (released) return
        released = true
        this.#free.push(wallet)
        this.#grantWhatFits()
      },
    }
  }
}

/**
 * The funded accounts test worker `poolId` (vitest's `VITEST_POOL_ID`,
 * 1…workers) owns. Workers are separate processes, so the accounts are split
 * between them: worker k owns every account whose index ≡ k-1 (mod workers).
 *
 * @throws when `poolId` is outside 1…workers, or the worker would own no account.
 */
export function workerAccounts(
  wallets: readonly DevnetWallet[],
  workers: number,
  poolId: number,
): DevnetWallet[] {
  if (workers < 1 || poolId < 1 || poolId > workers) {
    throw new Error(`worker ${poolId} is outside 1…${workers}`)
  }
  const owned = wallets.filter((_, index) => index % workers === poolId - 1)
  if (owned.length === 0) {
    throw new Error(
      `the devnet has ${wallets.length} funded accounts, too few for ${workers} workers: ` +
        'run with fewer workers or give the devnet more accounts',
    )
  }
  return owned
}
