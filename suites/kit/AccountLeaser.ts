import type { AccountPool, Lease } from './AccountPool.js'

interface Request {
  count: number
  /** Called when the request leaves the queue to be granted: from then on it can no longer be withdrawn. */
  dequeued: () => void
  grant: (leases: Lease[]) => void
  fail: (reason: unknown) => void
}

/**
 * Leases several accounts to one test at once, on top of the worker's
 * AccountPool, without deadlock: a request is granted whole or not at all,
 * in arrival order, so no test ever holds some accounts while it waits for
 * more (two tests doing that could each wait for the other's). A request
 * larger than the worker's share of accounts fails at once rather than wait
 * forever.
 */
export class AccountLeaser {
  readonly #pool: Pick<AccountPool, 'lease'>
  readonly #queue: Request[] = []
  #free: number

  /** `capacity`: how many accounts `pool` holds for this worker. */
  constructor(
    pool: Pick<AccountPool, 'lease'>,
    readonly capacity: number,
  ) {
    this.#pool = pool
    this.#free = capacity
  }

  /**
   * Leases `count` accounts together; waits until that many are free at once.
   * Aborting `signal` withdraws the request. Each lease is released on its own.
   */
  lease(count: number, signal?: AbortSignal): Promise<Lease[]> {
    if (!Number.isInteger(count) || count < 1) {
      return Promise.reject(new RangeError(`cannot lease ${count} accounts: ask for 1 or more`))
    }
    if (count > this.capacity) {
      return Promise.reject(
        new RangeError(
          `cannot lease ${count} accounts: this worker has ${this.capacity} ` +
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
        fail: reject,
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
      if (!head || head.count > this.#free) return
      this.#queue.shift()
      head.dequeued()
      this.#free -= head.count
      void this.#take(head)
    }
  }

  async #take(request: Request): Promise<void> {
    const leases: Lease[] = []
    try {
      // The pool has them free (this leaser accounts for every lease), so these resolve at once.
      for (let taken = 0; taken < request.count; taken++) leases.push(await this.#pool.lease())
    } catch (error) {
      for (const lease of leases) lease.release()
      this.#free += request.count - leases.length
      request.fail(error)
      return
    }
    request.grant(leases.map((lease) => this.#tracked(lease)))
  }

  /** The lease, counting its account free again when released. */
  #tracked(lease: Lease): Lease {
    let released = false
    return {
      wallet: lease.wallet,
      release: () => {
        if (released) return
        released = true
        lease.release()
        this.#free += 1
        this.#grantWhatFits()
      },
    }
  }
}

/**
 * How many of `accounts` funded accounts the AccountPool of worker `poolId`
 * (of `workers`) holds: worker k owns the accounts whose index ≡ k-1 (mod
 * workers). Mirrors AccountPool's split; a unit test checks that they agree.
 */
export function accountsPerWorker(accounts: number, workers: number, poolId: number): number {
  let owned = 0
  for (let index = 0; index < accounts; index++) if (index % workers === poolId - 1) owned++
  return owned
}
