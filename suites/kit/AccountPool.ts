import type { DevnetWallet } from '../../devnet/Descriptor.js'

/**
 * Hands out funded accounts so that no two tests running at the same time
 * send from the same account (their nonces would collide).
 *
 * Workers are separate processes, so the accounts are split between them by
 * the worker's pool id (vitest's `VITEST_POOL_ID`, 1…workers): worker k owns
 * every account whose index ≡ k-1 (mod workers). Within a worker, concurrent
 * tests lease distinct accounts and wait when all are out.
 */
export class AccountPool {
  readonly #free: DevnetWallet[]
  readonly #waiting: Array<(wallet: DevnetWallet) => void> = []

  constructor(wallets: readonly DevnetWallet[], workers: number, poolId: number) {
    if (workers < 1 || poolId < 1 || poolId > workers) {
      throw new Error(`worker ${poolId} is outside 1…${workers}`)
    }
    this.#free = wallets.filter((_, index) => index % workers === poolId - 1)
    if (this.#free.length === 0) {
      throw new Error(
        `the devnet has ${wallets.length} funded accounts, too few for ${workers} workers: ` +
          'run with fewer workers or give the devnet more accounts',
      )
    }
  }

  /** Takes a free account, waiting for one if every account is leased. */
  lease(): Promise<Lease> {
    const wallet = this.#free.shift()
    if (wallet) return Promise.resolve(this.#leaseOf(wallet))
    return new Promise((resolve) => this.#waiting.push((next) => resolve(this.#leaseOf(next))))
  }

  #leaseOf(wallet: DevnetWallet): Lease {
    let released = false
    return {
      wallet,
      release: () => {
        if (released) return
        released = true
        const next = this.#waiting.shift()
        if (next) next(wallet)
        else this.#free.push(wallet)
      },
    }
  }
}

export interface Lease {
  wallet: DevnetWallet
  /** Gives the account back. Safe to call twice. */
  release(): void
}
