import { describe, expect, test } from 'vitest'
import { waitForBlocks } from './Blocks.js'
import { WaitTimeoutError, waitFor } from './Wait.js'

describe('waitFor', () => {
  test('returns the first value the check yields', async () => {
    let calls = 0
    const value = await waitFor(() => (++calls === 3 ? 'ready' : undefined), { intervalMs: 1 })
    expect(value).toBe('ready')
    expect(calls).toBe(3)
  })

  test('times out with the description of what it awaited', async () => {
    await expect(
      waitFor(() => false, { timeoutMs: 20, intervalMs: 5, description: 'the moon' }),
    ).rejects.toThrow(new WaitTimeoutError('timed out after 20 ms waiting for the moon'))
  })

  test('stops when the signal aborts', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('test timed out')), 10)
    await expect(
      waitFor(() => false, { timeoutMs: 5_000, intervalMs: 1_000, signal: controller.signal }),
    ).rejects.toThrow('test timed out')
  })
})

describe('waitForBlocks', () => {
  test('waits until the head moved by the count', async () => {
    let head = 10n
    const client = { getBlockNumber: async () => head++ }
    await expect(waitForBlocks(client, 3, { intervalMs: 1 })).resolves.toBe(13n)
  })
})
