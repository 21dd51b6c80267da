import { type Address, type Hex, keccak256, parseTransaction } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { sendBurst } from './Burst.js'

// A throwaway key: the fake client below never reaches a chain.
const account = privateKeyToAccount(`0x${'11'.repeat(32)}`)
const recipient: Address = '0x000000000000000000000000000000000000bEEF'

function fakeClient(pendingNonce: number) {
  const submitted: Hex[] = []
  const client = {
    chain: { id: 901 },
    getBlockNumber: async () => 41n,
    getTransactionCount: async () => pendingNonce,
    getBlock: async () => ({ baseFeePerGas: 1_000n }),
    estimateMaxPriorityFeePerGas: async () => 7n,
    sendRawTransaction: async ({ serializedTransaction }: { serializedTransaction: Hex }) => {
      submitted.push(serializedTransaction)
      return keccak256(serializedTransaction)
    },
  }
  return { client: client as never, submitted }
}

describe('sendBurst', () => {
  test('signs consecutive nonces from the pending nonce, with twice the base fee plus the tip', async () => {
    const { client, submitted } = fakeClient(5)
    const burst = await sendBurst(client, account, [
      { to: recipient, value: 1n, gas: 21_000n },
      { to: recipient, value: 2n, gas: 21_000n },
      { data: '0x00', gas: 60_000n },
    ])

    expect(burst.fromBlock).toBe(41n)
    expect(burst.sent.map((sent) => sent.nonce)).toEqual([5, 6, 7])
    const parsed = submitted.map((raw) => parseTransaction(raw))
    expect(parsed.map((tx) => tx.nonce)).toEqual([5, 6, 7])
    expect(parsed[0]).toMatchObject({
      chainId: 901,
      maxFeePerGas: 2_007n,
      maxPriorityFeePerGas: 7n,
      value: 1n,
    })
    expect(parsed[2]?.to).toBeUndefined()
    expect(burst.sent.map((sent) => sent.hash)).toEqual(submitted.map((raw) => keccak256(raw)))
  })

  test('descending order submits the highest nonce first and still reports in nonce order', async () => {
    const { client, submitted } = fakeClient(0)
    const transfers = Array.from({ length: 4 }, () => ({ to: recipient, gas: 21_000n }))
    const burst = await sendBurst(client, account, transfers, {
      order: 'descending',
      fees: { maxFeePerGas: 10n, maxPriorityFeePerGas: 1n },
    })

    expect(submitted.map((raw) => parseTransaction(raw).nonce)).toEqual([3, 2, 1, 0])
    expect(burst.sent.map((sent) => sent.nonce)).toEqual([0, 1, 2, 3])
  })

  test('an explicit first nonce wins over the pending one', async () => {
    const { client } = fakeClient(9)
    const burst = await sendBurst(client, account, [{ to: recipient, gas: 21_000n }], { nonce: 2 })
    expect(burst.sent[0]?.nonce).toBe(2)
  })

  test('stops submitting when the signal aborts', async () => {
    const { client, submitted } = fakeClient(0)
    const controller = new AbortController()
    controller.abort(new Error('test timed out'))
    await expect(
      sendBurst(client, account, [{ to: recipient, gas: 21_000n }], { signal: controller.signal }),
    ).rejects.toThrow('test timed out')
    expect(submitted).toEqual([])
  })
})
