import type { Address, Chain, Hash, Hex, LocalAccount, PublicClient, Transport } from 'viem'

/** One transaction of a burst. */
export interface BurstTransaction {
  /** Recipient; absent or `null` deploys `data` as a contract. */
  to?: Address | null
  value?: bigint
  data?: Hex
  /** Gas limit, stated up front: a burst does not estimate (21 000 for a plain transfer). */
  gas: bigint
}

/** A transaction of a burst, as the node accepted it. */
export interface SentTransaction {
  hash: Hash
  nonce: number
  /** `performance.now()` when the node accepted it (the RPC call returned). */
  acceptedAtMs: number
}

export interface Burst {
  /** The head before the first transaction was sent: no transaction of the burst can be in a block before it. */
  fromBlock: bigint
  /** In nonce order, whatever the order of submission. */
  sent: SentTransaction[]
}

export interface BurstOptions {
  /**
   * Order of submission. `descending` hands the node the highest nonce first,
   * so it must hold the later transactions until the gap before them closes.
   * Default: `ascending`.
   */
  order?: 'ascending' | 'descending'
  /** Fee caps for every transaction. Default: twice the latest base fee plus the node's suggested priority fee. */
  fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  /** Nonce of the first transaction. Default: the account's pending nonce. */
  nonce?: number
  /** Stops submitting when aborted: pass the test's `signal`. */
  signal?: AbortSignal
}

/**
 * Sends `transactions` from `account` with consecutive nonces, one right
 * after the other, without waiting for any to be included (the way a busy
 * wallet or a bot sends): signed locally first, then submitted, so the
 * submission itself is fast. Use `waitForInclusion` with the returned
 * `fromBlock` to wait for them. The account must not send anything else
 * meanwhile (a leased `wallet` never does).
 */
export async function sendBurst<chain extends Chain>(
  client: PublicClient<Transport, chain>,
  account: LocalAccount,
  transactions: readonly BurstTransaction[],
  options: BurstOptions = {},
): Promise<Burst> {
  const [fromBlock, firstNonce, fees] = await Promise.all([
    client.getBlockNumber({ cacheTime: 0 }),
    options.nonce ?? client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
    options.fees ?? defaultFees(client),
  ])
  const signed = await Promise.all(
    transactions.map(async (transaction, index) => {
      const nonce = firstNonce + index
      const serializedTransaction = await account.signTransaction({
        type: 'eip1559',
        chainId: client.chain.id,
        nonce,
        to: transaction.to ?? null,
        value: transaction.value ?? 0n,
        data: transaction.data ?? '0x',
        gas: transaction.gas,
        ...fees,
      })
      return { nonce, serializedTransaction }
    }),
  )
  const submission = options.order === 'descending' ? [...signed].reverse() : signed
  const sent: SentTransaction[] = []
  for (const { nonce, serializedTransaction } of submission) {
    options.signal?.throwIfAborted()
    const hash = await client.sendRawTransaction({ serializedTransaction })
    sent.push({ hash, nonce, acceptedAtMs: performance.now() })
  }
  sent.sort((a, b) => a.nonce - b.nonce)
  return { fromBlock, sent }
}

async function defaultFees<chain extends Chain>(
  client: PublicClient<Transport, chain>,
): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const [block, maxPriorityFeePerGas] = await Promise.all([
    client.getBlock({ blockTag: 'latest' }),
    client.estimateMaxPriorityFeePerGas(),
  ])
  // Twice the base fee: room for several blocks of rising base fee while the burst lands.
  const maxFeePerGas = 2n * (block.baseFeePerGas ?? 0n) + maxPriorityFeePerGas
  return { maxFeePerGas, maxPriorityFeePerGas }
}
