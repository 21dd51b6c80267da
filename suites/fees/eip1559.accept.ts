import {
  describe,
  eip1559ParamsOf,
  expect,
  gasTargetOf,
  maxOf,
  meteredGasOf,
  minOf,
  nextBaseFee,
  sendBurst,
  test,
  waitForBlockNumber,
  waitForBlocks,
  waitForInclusion,
  waitForReceipt,
} from 'signalbox/suite'
import {
  BaseError,
  type Block,
  type Chain,
  keccak256,
  type PublicClient,
  parseEther,
  TransactionReceiptNotFoundError,
  type Transport,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

/**
 * Init code that burns gas in a loop until less than 100 000 is left, then
 * deploys nothing: a transaction that uses almost all the gas it is given.
 *   0: JUMPDEST  GAS  PUSH3 100000  LT  PUSH1 0  JUMPI  STOP
 */
const gasBurner = '0x5b5a620186a0106000570000'

/** Gas of one burner transaction: EIP-7825's per-transaction cap (Osaka), accepted by every chain. */
const burnerGas = 16_777_216n

/** Blocks a transaction whose fee cap is below the base fee must stay out of. */
const blocksToStayOut = 3

describe('EIP-1559 fees', { meta: { owner: 'protocol' }, concurrent: true }, () => {
  for (const role of ['l1', 'l2'] as const) {
    const chainName = role.toUpperCase()

    // A base fee off the rule makes the blocks invalid for every node that
    // follows the spec: verifiers reject them and the chain splits or halts
    // for them: severe loss of functionality.
    test(`${chainName} base fee follows the EIP-1559 rule across full and empty blocks`, {
      meta: { severity: 'SEV1' },
    }, async ({ l1, l2, wallet, signal }) => {
      const client = role === 'l1' ? l1 : l2
      const head = await client.getBlock({ blockTag: 'latest' })
      const target = gasTargetOf(head, eip1559ParamsOf(role, head))
      // Enough burners to take a block past its gas target, whatever the chain's gas limit.
      const burners = Number(target / burnerGas) + 1
      const burst = await sendBurst(
        client,
        wallet.account,
        Array.from({ length: burners }, () => ({ data: gasBurner, gas: burnerGas })),
        { signal },
      )
      const included = await waitForInclusion(
        client,
        burst.sent.map((sent) => sent.hash),
        { fromBlock: burst.fromBlock, signal },
      )
      const numbers = [...included.values()].map((inclusion) => inclusion.blockNumber)
      const first = minOf(numbers)
      const last = maxOf(numbers)
      // Two blocks past the burners, to see the base fee come down again (asked for where
      // the chain mines on demand).
      await waitForBlockNumber(client, last + 2n, { signal })

      const blocks: Block[] = []
      // From the burners' parent, but never from genesis: the rule starts at the fork block's
      // initial base fee, and some devnets (anvil) give block 1 that initial fee again.
      for (let n = first > 1n ? first - 1n : 1n; n <= last + 2n; n++)
        blocks.push(await client.getBlock({ blockNumber: n }))
      let above = 0
      let below = 0
      for (let index = 1; index < blocks.length; index++) {
        const parent = blocks[index - 1] as Block
        const child = blocks[index] as Block
        const params = eip1559ParamsOf(role, parent)
        const used = meteredGasOf(parent, params)
        if (used > gasTargetOf(parent, params)) above++
        if (used < gasTargetOf(parent, params)) below++
        expect(
          child.baseFeePerGas,
          `base fee of block ${child.number} after ${used} of ${parent.gasLimit} gas at ${parent.baseFeePerGas} wei (elasticity ${params.elasticityMultiplier}, denominator ${params.maxChangeDenominator})`,
        ).toBe(nextBaseFee(parent, params))
      }
      // Both directions of the rule were exercised, or the test proved nothing.
      expect(above, 'blocks above their gas target').toBeGreaterThan(0)
      expect(below, 'blocks below their gas target').toBeGreaterThan(0)
    })

    // Wallets price their transactions from eth_feeHistory: wrong history
    // makes them overpay or send transactions that never land, for many users.
    test(`${chainName} eth_feeHistory matches the blocks it covers`, {
      meta: { severity: 'SEV2' },
    }, async ({ l1, l2, wallet, signal }) => {
      const client = role === 'l1' ? l1 : l2
      // A block with a transaction in it, so that the gas used ratios are not all zero.
      const hash = await wallet[role].sendTransaction({ to: wallet.account.address, value: 1n })
      const receipt = await waitForReceipt(client, hash, { signal })
      // Asked up to the latest block, as wallets ask, over the blocks since ours and a few
      // before it (none before block 1: a young devnet has few). Other tests' blocks may come
      // meanwhile (every transaction makes one where the chain mines on demand), and a node
      // gives the next block's base fee as of when it answers (anvil does): the history
      // compared is one read while no block came, within a few tries.
      const percentiles = [10, 50, 90]
      const readHistory = async () => {
        const head = await client.getBlockNumber({ cacheTime: 0 })
        const blockCount = Number(minOf([head, head - receipt.blockNumber + 20n]))
        const history = await client.getFeeHistory({
          blockCount,
          blockTag: 'latest',
          rewardPercentiles: percentiles,
        })
        const blocks = await Promise.all(
          Array.from({ length: history.gasUsedRatio.length }, (_, index) =>
            client.getBlock({ blockNumber: history.oldestBlock + BigInt(index) }),
          ),
        )
        const still = (await client.getBlockNumber({ cacheTime: 0 })) === head
        return { head, blockCount, history, blocks, still }
      }
      let read = await readHistory()
      for (let attempt = 1; attempt < 10 && !read.still; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        read = await readHistory()
      }
      const { head, blockCount, history, blocks } = read
      const oldest = history.oldestBlock

      expect(oldest).toBeGreaterThanOrEqual(head - BigInt(blockCount) + 1n)
      expect(oldest).toBeLessThanOrEqual(receipt.blockNumber)
      // One base fee per block, and one more: the base fee of the block after the newest.
      const newestBlock = blocks.at(-1) as Block
      expect(history.baseFeePerGas).toEqual([
        ...blocks.map((block) => block.baseFeePerGas),
        nextBaseFee(newestBlock, eip1559ParamsOf(role, newestBlock)),
      ])
      expect(history.gasUsedRatio).toHaveLength(blocks.length)
      history.gasUsedRatio.forEach((ratio, index) => {
        const block = blocks[index] as Block
        expect(ratio, `gas used ratio of block ${block.number}`).toBeCloseTo(
          Number(block.gasUsed) / Number(block.gasLimit),
          9,
        )
      })
      expect(history.gasUsedRatio[Number(receipt.blockNumber - oldest)]).toBeGreaterThan(0)
      expect(history.reward).toHaveLength(blocks.length)
      for (const rewards of history.reward ?? []) {
        expect(rewards).toHaveLength(percentiles.length)
        expect([...rewards].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(rewards)
      }
    })

    // A block holding a transaction that does not pay the base fee is invalid:
    // a node that builds one splits from every node that follows the rule.
    test(`${chainName} leaves out a transaction whose fee cap is below the base fee`, {
      meta: { severity: 'SEV1' },
    }, async ({ l1, l2, wallet, signal, annotate, skip }) => {
      const client = role === 'l1' ? l1 : l2
      // A throwaway sender: if the node holds the transaction pending, no leased account is stuck behind it.
      const sender = privateKeyToAccount(generatePrivateKey())
      const funding = await wallet[role].sendTransaction({
        to: sender.address,
        value: parseEther('0.01'),
      })
      expect((await waitForReceipt(client, funding, { signal })).status).toBe('success')

      const head = await client.getBlock({ blockTag: 'latest' })
      const baseFee = head.baseFeePerGas ?? 0n
      // A cap of 1 wei: below any base fee the rule reaches, however many blocks pass while we
      // wait (on a chain that mines on demand, every other test's transaction makes one), since
      // a base fee above 7 wei never falls below 7.
      const maxFeePerGas = 1n
      if (baseFee <= maxFeePerGas) {
        skip(`the ${chainName} base fee is ${baseFee} wei: no fee cap can be below it`)
      }
      const underpriced = await sender.signTransaction({
        chainId: client.chain.id,
        nonce: 0,
        to: wallet.account.address,
        value: 1n,
        gas: 21_000n,
        maxFeePerGas,
        maxPriorityFeePerGas: maxFeePerGas,
      })
      try {
        await client.sendRawTransaction({ serializedTransaction: underpriced })
        await annotate('the node accepted it into its pool and held it', 'behaviour')
      } catch (error) {
        const reason =
          error instanceof BaseError ? (error.details ?? error.shortMessage) : String(error)
        await annotate(`the node refused it: ${reason}`, 'behaviour')
      }
      await waitForBlocks(client, blocksToStayOut, { signal })

      const lowest = await lowestBaseFeeSince(client, head.number)
      expect(lowest, 'the base fee stayed above the fee cap while we waited').toBeGreaterThan(
        maxFeePerGas,
      )
      expect(
        await client.getTransactionCount({ address: sender.address, blockTag: 'latest' }),
      ).toBe(0)
      await expect(
        client.getTransactionReceipt({ hash: keccak256(underpriced) }),
      ).rejects.toBeInstanceOf(TransactionReceiptNotFoundError)

      // The same transaction paying the base fee lands: only the fee kept the first one out.
      const fees = await client.estimateFeesPerGas()
      const replacement = await sender.signTransaction({
        chainId: client.chain.id,
        nonce: 0,
        to: wallet.account.address,
        value: 1n,
        gas: 21_000n,
        maxFeePerGas: 2n * fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      })
      const replaced = await client.sendRawTransaction({ serializedTransaction: replacement })
      expect((await waitForReceipt(client, replaced, { signal })).status).toBe('success')
    })
  }
})

/** The lowest base fee of the blocks after `after`, up to the head. */
async function lowestBaseFeeSince(
  client: PublicClient<Transport, Chain>,
  after: bigint,
): Promise<bigint> {
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const baseFees: bigint[] = []
  for (let n = after + 1n; n <= head; n++)
    baseFees.push((await client.getBlock({ blockNumber: n })).baseFeePerGas ?? 0n)
  return minOf(baseFees)
}
