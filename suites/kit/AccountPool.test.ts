import { describe, expect, test } from 'vitest'
import { AccountPool } from './AccountPool.js'

const wallets = Array.from({ length: 6 }, (_, index) => ({
  address: `0x${String(index).padStart(40, '0')}`,
  privateKey: `0x${String(index).padStart(64, '0')}`,
}))

describe('AccountPool', () => {
  test('splits accounts between workers without overlap', async () => {
    const leased = await Promise.all(
      [1, 2, 3].map(async (poolId) => {
        const pool = new AccountPool(wallets, 3, poolId)
        const first = await pool.lease()
        const second = await pool.lease()
        return [first.wallet.address, second.wallet.address]
      }),
    )
    const all = leased.flat()
    expect(new Set(all).size).toBe(6)
  })

  test('concurrent leases in one worker get distinct accounts', async () => {
    const pool = new AccountPool(wallets, 2, 1)
    const leases = await Promise.all([pool.lease(), pool.lease(), pool.lease()])
    expect(new Set(leases.map((lease) => lease.wallet.address)).size).toBe(3)
  })

  test('a lease waits until an account is released, then gets that account', async () => {
    const pool = new AccountPool(wallets, 6, 4)
    const only = await pool.lease()
    let second: string | undefined
    const waiting = pool.lease().then((lease) => {
      second = lease.wallet.address
    })
    await Promise.resolve()
    expect(second).toBeUndefined()
    only.release()
    only.release()
    await waiting
    expect(second).toBe(only.wallet.address)
  })

  test('refuses when there are more workers than accounts', () => {
    expect(() => new AccountPool(wallets.slice(0, 2), 3, 3)).toThrowErrorMatchingInlineSnapshot(
      `[Error: the devnet has 2 funded accounts, too few for 3 workers: run with fewer workers or give the devnet more accounts]`,
    )
  })
})
