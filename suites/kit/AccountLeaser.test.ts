import { describe, expect, test } from 'vitest'
import { AccountLeaser, workerAccounts } from './AccountLeaser.js'

const wallets = Array.from({ length: 8 }, (_, index) => ({
  address: `0x${String(index + 1).padStart(40, '0')}`,
  privateKey: `0x${String(index + 1).padStart(64, '0')}`,
}))

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function leaserOf(count: number): AccountLeaser {
  return new AccountLeaser(wallets.slice(0, count))
}

describe('AccountLeaser', () => {
  test('leases several distinct accounts at once', async () => {
    const leases = await leaserOf(4).lease(3)
    expect(new Set(leases.map((lease) => lease.wallet.address)).size).toBe(3)
  })

  test('concurrent leases get distinct accounts', async () => {
    const leaser = leaserOf(4)
    const leases = await Promise.all([leaser.lease(1), leaser.lease(1), leaser.lease(1)])
    expect(new Set(leases.flat().map((lease) => lease.wallet.address)).size).toBe(3)
  })

  test('a lease waits until an account is released, then gets that account', async () => {
    const leaser = leaserOf(1)
    const [only] = await leaser.lease(1)
    let second: string | undefined
    const waiting = leaser.lease(1).then(([lease]) => {
      second = lease?.wallet.address
    })
    await settle()
    expect(second).toBeUndefined()
    only?.release()
    only?.release()
    await waiting
    expect(second).toBe(only?.wallet.address)
  })

  test('grants a request whole or not at all, and in arrival order', async () => {
    const leaser = leaserOf(4)
    const first = await leaser.lease(3)
    const granted: string[] = []
    const big = leaser.lease(3).then((leases) => {
      granted.push('big')
      return leases
    })
    const small = leaser.lease(1).then((leases) => {
      granted.push('small')
      return leases
    })
    await settle()
    // One account is free: the big request cannot have it piecemeal, the small one must not overtake it.
    expect(granted).toEqual([])

    for (const lease of first) lease.release()
    const both = [...(await big), ...(await small)]
    expect(new Set(both.map((lease) => lease.wallet.address)).size).toBe(4)
  })

  test('two tests wanting most of the accounts take turns instead of deadlocking', async () => {
    const leaser = leaserOf(4)
    const runTest = async () => {
      const leases = await leaser.lease(3)
      await settle()
      for (const lease of leases) lease.release()
      return leases.length
    }
    await expect(Promise.all([runTest(), runTest(), runTest()])).resolves.toEqual([3, 3, 3])
  })

  test('a withdrawn request lets the ones behind it through', async () => {
    const leaser = leaserOf(4)
    const held = await leaser.lease(2)
    const controller = new AbortController()
    const big = leaser.lease(4, controller.signal)
    const small = leaser.lease(2)
    controller.abort(new Error('test timed out'))
    await expect(big).rejects.toThrow('test timed out')
    await expect(small).resolves.toHaveLength(2)
    expect(held).toHaveLength(2)
  })

  test('releasing twice frees the account once', async () => {
    const leaser = leaserOf(2)
    const [lease] = await leaser.lease(1)
    lease?.release()
    lease?.release()
    await expect(leaser.lease(2)).resolves.toHaveLength(2)
    const third = leaser.lease(1)
    let granted = false
    void third.then(() => {
      granted = true
    })
    await settle()
    expect(granted).toBe(false)
  })

  test('refuses more than the worker has, and nonsense counts, at once', async () => {
    await expect(leaserOf(2).lease(3)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: cannot lease 3 accounts: this worker has 2 (the devnet's funded accounts split between the workers): ask for fewer, run with fewer workers, or give the devnet more accounts]`,
    )
    await expect(leaserOf(2).lease(0)).rejects.toThrow('ask for 1 or more')
  })
})

describe('workerAccounts', () => {
  test('splits accounts between workers without overlap', async () => {
    const leased = await Promise.all(
      [1, 2, 3].map(async (poolId) => {
        const leaser = new AccountLeaser(workerAccounts(wallets.slice(0, 6), 3, poolId))
        const [first, second] = await Promise.all([leaser.lease(1), leaser.lease(1)])
        return [first?.[0]?.wallet.address, second?.[0]?.wallet.address]
      }),
    )
    const all = leased.flat()
    expect(new Set(all).size).toBe(6)
  })

  test('each worker can lease exactly its share (index ≡ worker - 1 mod workers), no more', async () => {
    for (const [accounts, workers] of [
      [8, 3],
      [32, 4],
      [5, 5],
    ] as const) {
      for (let poolId = 1; poolId <= workers; poolId++) {
        const share = Math.ceil((accounts - (poolId - 1)) / workers)
        const leaser = new AccountLeaser(
          workerAccounts(
            wallets.concat(wallets, wallets, wallets).slice(0, accounts),
            workers,
            poolId,
          ),
        )
        await expect(leaser.lease(share)).resolves.toHaveLength(share)
        let extra = false
        void leaser.lease(1).then(() => {
          extra = true
        })
        await settle()
        expect(extra).toBe(false)
      }
    }
  })

  test('refuses when there are more workers than accounts, or a worker outside the pool', () => {
    expect(() => workerAccounts(wallets.slice(0, 2), 3, 3)).toThrowErrorMatchingInlineSnapshot(
      `[Error: the devnet has 2 funded accounts, too few for 3 workers: run with fewer workers or give the devnet more accounts]`,
    )
    expect(() => workerAccounts(wallets, 3, 4)).toThrow('worker 4 is outside 1…3')
  })
})
