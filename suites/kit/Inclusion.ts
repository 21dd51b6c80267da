import {
  type Hash,
  type PublicClient,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from 'viem'
import { type WaitOptions, WaitTimeoutError, waitFor } from './Wait.js'

/** Default wait for a receipt: a dozen blocks of a slow devnet. */
const receiptTimeoutMs = 15_000

/**
 * The receipt of `hash`, or `undefined` while the node has none (not yet
 * included, or never accepted). RPC errors other than "no receipt" propagate.
 */
export async function findReceipt(
  client: Pick<PublicClient, 'getTransactionReceipt'>,
  hash: Hash,
): Promise<TransactionReceipt | undefined> {
  try {
    return await client.getTransactionReceipt({ hash })
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return undefined
    throw error
  }
}

/**
 * Waits for the receipt of `hash` and returns it, whatever its status (the
 * test asserts `status`). Polls every `intervalMs` (default 100 ms) for at
 * most `timeoutMs` (default 15 000 ms); pass the test's `signal` so a
 * timed-out or cancelled test stops polling. RPC errors other than "no
 * receipt yet" propagate at once.
 */
export function waitForReceipt(
  client: Pick<PublicClient, 'getTransactionReceipt'>,
  hash: Hash,
  options: WaitOptions = {},
): Promise<TransactionReceipt> {
  return waitFor(() => findReceipt(client, hash), {
    timeoutMs: receiptTimeoutMs,
    description: `the receipt of ${hash}`,
    ...options,
  })
}

/** Where and when a transaction was seen in a block. */
export interface Inclusion {
  blockNumber: bigint
  /** Position in the block's transaction list. */
  transactionIndex: number
  /** `performance.now()` when the block holding it was first read. */
  seenAtMs: number
}

export interface InclusionOptions extends WaitOptions {
  /** First block to look in: a block at or before the one the first transaction could land in (e.g. the head before sending). */
  fromBlock: bigint
}

/**
 * Waits until every transaction of `hashes` is in a block, reading each new
 * block once (one request per block, however many transactions: cheaper
 * than polling a receipt per transaction under load). Returns where and when
 * each was seen; `seenAtMs` is as precise as the polling interval (default
 * 100 ms). Times out after `timeoutMs` (default 15 000 ms) naming how many
 * are still missing.
 */
export async function waitForInclusion(
  client: Pick<PublicClient, 'getBlockNumber' | 'getBlock'>,
  hashes: readonly Hash[],
  options: InclusionOptions,
): Promise<Map<Hash, Inclusion>> {
  // Keyed by the lowercase hash, so the caller's spelling of a hash does not matter.
  const wanted = new Map(hashes.map((hash) => [hash.toLowerCase(), hash]))
  const found = new Map<Hash, Inclusion>()
  const { fromBlock, ...waitOptions } = options
  let next = fromBlock
  try {
    return await waitFor(
      async () => {
        const head = await client.getBlockNumber({ cacheTime: 0 })
        for (; next <= head; next++) {
          const blockNumber = next
          const block = await client.getBlock({ blockNumber })
          const seenAtMs = performance.now()
          block.transactions.forEach((hash, transactionIndex) => {
            const sent = wanted.get(hash.toLowerCase())
            if (sent && !found.has(sent))
              found.set(sent, { blockNumber, transactionIndex, seenAtMs })
          })
        }
        return found.size === wanted.size ? found : undefined
      },
      {
        timeoutMs: receiptTimeoutMs,
        description: `${wanted.size} transaction(s) to be included`,
        ...waitOptions,
      },
    )
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error
    throw new WaitTimeoutError(
      `${error.message}: ${wanted.size - found.size} not in blocks ${fromBlock}…${next - 1n}`,
    )
  }
}
