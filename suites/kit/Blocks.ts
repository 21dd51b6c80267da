import { BaseError, type Chain, type PublicClient } from 'viem'
import { type WaitOptions, waitFor } from './Wait.js'

/**
 * What waiting for blocks needs of a client: its head, and, to produce blocks
 * where the chain mines on demand, its chain and its RPC. The kit's `l1` and
 * `l2` clients have all three; a client without `chain` is only waited on.
 */
export type BlockClient = Pick<PublicClient, 'getBlockNumber'> & {
  chain?: Pick<Chain, 'blockTime'> | undefined
  request?: PublicClient['request']
}

export interface BlockWaitOptions extends WaitOptions {
  /**
   * How long the head may stand still before a block is asked for, on a chain
   * that mines on demand (its client's chain has no `blockTime`). Default:
   * 300 ms; never on a chain with a block time, whose blocks must come on
   * their own.
   */
  produceAfterMs?: number
}

/** Sends a transaction that makes a block, for nodes without `evm_mine`. */
export type BlockNudge = () => Promise<unknown>

const defaultProduceAfterMs = 300

/** Clients whose node has no `evm_mine`: asked once, not on every block. */
const withoutEvmMine = new WeakSet<object>()
const nudges = new WeakMap<object, BlockNudge>()

/**
 * Where `client`'s node has no `evm_mine` (a geth in dev mode, say),
 * `produceBlock` makes a block by calling `nudge`, which sends a transaction.
 * The kit registers one for its `l1` and `l2` clients (a 0-value transfer
 * from the worker's faucet account).
 */
export function produceBlocksWith(client: object, nudge: BlockNudge): void {
  nudges.set(client, nudge)
}

/** Whether `client`'s chain mines only when asked: it declares no block time. */
export function minesOnDemand(client: BlockClient): boolean {
  return client.chain !== undefined && client.chain.blockTime === undefined
}

/**
 * Asks the chain for one new block: `evm_mine` where the node has it (anvil,
 * hardhat), else the transaction registered with `produceBlocksWith`.
 *
 * @throws when the node has no `evm_mine` and no transaction is registered.
 */
export async function produceBlock(client: BlockClient): Promise<void> {
  if (client.request && !withoutEvmMine.has(client)) {
    try {
      await client.request({ method: 'evm_mine' } as never)
      return
    } catch (error) {
      if (!isUnknownMethod(error)) throw error
      withoutEvmMine.add(client)
    }
  }
  const nudge = nudges.get(client)
  if (!nudge) {
    throw new Error(
      'the chain mines on demand and its node has no evm_mine: register a transaction that makes a block with produceBlocksWith',
    )
  }
  await nudge()
}

/**
 * Waits until the chain's head is `count` blocks past where it is now and
 * returns the new head. On a chain that mines on demand it asks for the
 * blocks it waits for (see `produceAfterMs`).
 */
export async function waitForBlocks(
  client: BlockClient,
  count: number,
  options: BlockWaitOptions = {},
): Promise<bigint> {
  const start = await client.getBlockNumber({ cacheTime: 0 })
  return waitForBlockNumber(client, start + BigInt(count), {
    description: `${count} new block(s) after block ${start}`,
    ...options,
  })
}

/**
 * Waits until the chain's head is at block `number` or past it and returns
 * the head. On a chain that mines on demand it asks for the blocks it waits
 * for (see `produceAfterMs`).
 */
export async function waitForBlockNumber(
  client: BlockClient,
  number: bigint,
  options: BlockWaitOptions = {},
): Promise<bigint> {
  const { produceAfterMs = defaultProduceAfterMs, ...waitOptions } = options
  const produces = minesOnDemand(client)
  let last: bigint | undefined
  let movedAt = Date.now()
  return waitFor(
    async () => {
      const head = await client.getBlockNumber({ cacheTime: 0 })
      if (head >= number) return head
      if (head !== last) {
        last = head
        movedAt = Date.now()
      } else if (produces && Date.now() - movedAt >= produceAfterMs) {
        await produceBlock(client)
        movedAt = Date.now()
      }
      return undefined
    },
    { description: `block ${number}`, ...waitOptions },
  )
}

/** JSON-RPC's "method not found", and the ways nodes word it. */
function isUnknownMethod(error: unknown): boolean {
  const codes = new Set([-32601, -32004])
  const wording =
    /method .*(not found|does not exist|not available|not supported)|unsupported method/i
  if (error instanceof BaseError) {
    return (
      error.walk((cause) => codes.has((cause as { code?: number }).code ?? 0)) !== null ||
      wording.test(error.details ?? '') ||
      wording.test(error.shortMessage)
    )
  }
  return wording.test(String(error))
}
