import type { Address, Chain, Hash, LocalAccount, PublicClient, Transport } from 'viem'

/** Gas of a plain value transfer to an account without code. */
const transferGas = 21_000n

/**
 * Sends value from one account on one chain, one transaction at a time in
 * the order asked, with nonces it counts itself: callers may ask at once
 * (concurrent tests, several sub-funders) and no two transactions ever share
 * a nonce. Only the sending is serialised; waiting for receipts is the
 * caller's, so transfers asked together land in the same block. The account
 * must send nothing else meanwhile.
 */
export class Funder {
  readonly #client: PublicClient<Transport, Chain>
  readonly #account: LocalAccount
  /** The next nonce to use; unknown at first and after a failed send, then read from the node. */
  #nonce: number | undefined
  #queue: Promise<unknown> = Promise.resolve()

  constructor(client: PublicClient<Transport, Chain>, account: LocalAccount) {
    this.#client = client
    this.#account = account
  }

  /** The sending account's address. */
  get address(): Address {
    return this.#account.address
  }

  /**
   * Sends `value` wei to `to` (an account without code) and returns the hash
   * once the node accepted it. Fee cap: twice the latest base fee plus the
   * node's suggested priority fee. A failed send rejects, and the next one
   * reads the nonce from the node again.
   */
  send(to: Address, value: bigint): Promise<Hash> {
    const sending = this.#queue.then(
      () => this.#sendNow(to, value),
      () => this.#sendNow(to, value),
    )
    this.#queue = sending.catch(() => {})
    return sending
  }

  async #sendNow(to: Address, value: bigint): Promise<Hash> {
    const client = this.#client
    const [block, maxPriorityFeePerGas, nonce] = await Promise.all([
      client.getBlock({ blockTag: 'latest' }),
      client.estimateMaxPriorityFeePerGas(),
      this.#nonce ??
        client.getTransactionCount({ address: this.#account.address, blockTag: 'pending' }),
    ])
    const serializedTransaction = await this.#account.signTransaction({
      type: 'eip1559',
      chainId: client.chain.id,
      nonce,
      to,
      value,
      gas: transferGas,
      maxFeePerGas: 2n * (block.baseFeePerGas ?? 0n) + maxPriorityFeePerGas,
      maxPriorityFeePerGas,
    })
    try {
      const hash = await client.sendRawTransaction({ serializedTransaction })
      this.#nonce = nonce + 1
      return hash
    } catch (error) {
      this.#nonce = undefined
      throw error
    }
  }
}
