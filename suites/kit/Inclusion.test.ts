import { type Hash, TransactionReceiptNotFoundError } from 'viem'
import { describe, expect, test } from 'vitest'
import { findReceipt, waitForInclusion, waitForReceipt } from './Inclusion.js'
import { WaitTimeoutError } from './Wait.js'

const hash = (n: number): Hash => `0x${n.toString(16).padStart(64, '0')}`

describe('findReceipt', () => {
  test('is undefined while the node has no receipt, and the receipt once it has', async () => {
    let included = false
    const client = {
      getTransactionReceipt: async () => {
        if (!included) throw new TransactionReceiptNotFoundError({ hash: hash(1) })
        return { status: 'success' } as never
      },
    }
    await expect(findReceipt(client, hash(1))).resolves.toBeUndefined()
    included = true
    await expect(findReceipt(client, hash(1))).resolves.toEqual({ status: 'success' })
  })

  test('an RPC error other than "not found" propagates', async () => {
    const client = {
      getTransactionReceipt: async () => {
        throw new Error('connection refused')
      },
    }
    await expect(findReceipt(client, hash(1))).rejects.toThrow('connection refused')
  })
})

describe('waitForReceipt', () => {
  test('polls until the node has the receipt', async () => {
    let calls = 0
    const client = {
      getTransactionReceipt: async () => {
        if (++calls < 3) throw new TransactionReceiptNotFoundError({ hash: hash(1) })
        return { status: 'success' } as never
      },
    }
    await expect(waitForReceipt(client, hash(1), { intervalMs: 1 })).resolves.toEqual({
      status: 'success',
    })
    expect(calls).toBe(3)
  })

  test('an RPC error other than "not found" propagates at once', async () => {
    const client = {
      getTransactionReceipt: async () => {
        throw new Error('connection refused')
      },
    }
    await expect(waitForReceipt(client, hash(1), { intervalMs: 1 })).rejects.toThrow(
      'connection refused',
    )
  })

  test('times out naming the transaction', async () => {
    const client = {
      getTransactionReceipt: async () => {
        throw new TransactionReceiptNotFoundError({ hash: hash(1) })
      },
    }
    await expect(waitForReceipt(client, hash(1), { timeoutMs: 10, intervalMs: 2 })).rejects.toThrow(
      `timed out after 10 ms waiting for the receipt of ${hash(1)}`,
    )
  })

  test('stops when the signal aborts', async () => {
    const controller = new AbortController()
    controller.abort(new Error('test timed out'))
    const client = { getTransactionReceipt: async () => ({}) as never }
    await expect(waitForReceipt(client, hash(1), { signal: controller.signal })).rejects.toThrow(
      'test timed out',
    )
  })
})

/** A fake chain: block n holds the transactions listed for it; the head advances one block per poll. */
function fakeChain(blocks: Record<number, Hash[]>, head: number) {
  const reads: bigint[] = []
  return {
    reads,
    client: {
      getBlockNumber: async () => BigInt(head++),
      getBlock: async ({ blockNumber }: { blockNumber: bigint }) => {
        reads.push(blockNumber)
        return { transactions: blocks[Number(blockNumber)] ?? [] }
      },
    } as never,
  }
}

describe('waitForInclusion', () => {
  test('finds every transaction, reading each block once, from fromBlock on', async () => {
    const { client, reads } = fakeChain({ 4: [hash(9)], 5: [hash(7), hash(1)], 7: [hash(2)] }, 5)
    const found = await waitForInclusion(client, [hash(1), hash(2)], {
      fromBlock: 5n,
      intervalMs: 1,
    })

    expect(found.get(hash(1))).toMatchObject({ blockNumber: 5n, transactionIndex: 1 })
    expect(found.get(hash(2))).toMatchObject({ blockNumber: 7n, transactionIndex: 0 })
    expect(reads).toEqual([5n, 6n, 7n])
  })

  test('matches hashes whatever their case', async () => {
    const upper = hash(0xab).toUpperCase().replace('0X', '0x') as Hash
    const { client } = fakeChain({ 1: [hash(0xab)] }, 1)
    const found = await waitForInclusion(client, [upper], { fromBlock: 1n, intervalMs: 1 })
    expect(found.get(upper)?.blockNumber).toBe(1n)
  })

  test('times out saying how many are missing and which blocks it read', async () => {
    const { client } = fakeChain({ 1: [hash(1)] }, 1)
    const waiting = waitForInclusion(client, [hash(1), hash(2), hash(3)], {
      fromBlock: 1n,
      timeoutMs: 20,
      intervalMs: 5,
    })
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError)
    await expect(waiting).rejects.toThrow(
      /waiting for 3 transaction\(s\) to be included: 2 not in blocks 1…\d+/,
    )
  })
})
