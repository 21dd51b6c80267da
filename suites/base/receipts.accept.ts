import {
  bloomContains,
  bloomUnion,
  describe,
  expect,
  opStackParamsOf,
  sendBurst,
  test,
  waitForInclusion,
} from 'signalbox/suite'
import { concatHex, keccak256, pad, toHex } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'

/** The first topic of the logs the emitter writes. */
const topic = keccak256(toHex('signalbox.base.receipts'))

/**
 * Init code of a contract creation that writes two logs and deploys nothing,
 * so this suite needs no compiler and no contract of another feature:
 *   PUSH32 topic  PUSH1 0  PUSH1 0  LOG1          → log [topic]
 *   CALLER  PUSH32 topic  PUSH1 0  PUSH1 0  LOG2  → log [topic, sender]
 *   STOP
 */
const logEmitter = concatHex([
  '0x7f',
  topic,
  '0x60006000a1',
  '0x337f',
  topic,
  '0x60006000a2',
  '0x00',
])

// Receipts or logs that disagree with their block mislead every wallet,
// indexer and bridge that reads them (a payment shown in the wrong block, an
// event missed): a functionality issue that impacts many users.
describe('receipts and logs', {
  meta: { severity: 'SEV2', owner: 'platforms' },
  concurrent: true,
}, () => {
  for (const role of ['l1', 'l2'] as const) {
    test(`${role.toUpperCase()} receipts and logs agree with the blocks that hold them`, async ({
      l1,
      l2,
      wallet,
      signal,
    }) => {
      const client = role === 'l1' ? l1 : l2
      const recipient = privateKeyToAddress(generatePrivateKey())
      const emit = { data: logEmitter, gas: 100_000n }
      const transfer = { to: recipient, value: 1n, gas: 21_000n }
      const burst = await sendBurst(
        client,
        wallet.account,
        [emit, transfer, emit, transfer, emit],
        { signal },
      )
      const included = await waitForInclusion(
        client,
        burst.sent.map((sent) => sent.hash),
        { fromBlock: burst.fromBlock, signal },
      )

      // Our emitters' receipts: two logs each, from the created address, with the topics written.
      for (const [index, sent] of burst.sent.entries()) {
        const receipt = await client.getTransactionReceipt({ hash: sent.hash })
        expect(receipt.status).toBe('success')
        if (index % 2 === 1) {
          expect(receipt.logs).toEqual([])
          continue
        }
        expect(receipt.contractAddress).not.toBeNull()
        expect(receipt.logs.map((log) => [log.address, log.topics])).toEqual([
          [receipt.contractAddress, [topic]],
          [receipt.contractAddress, [topic, pad(wallet.account.address).toLowerCase()]],
        ])
      }

      // Every block that holds one of them, checked whole (other tests' transactions included).
      const blockNumbers = [
        ...new Set([...included.values()].map((inclusion) => inclusion.blockNumber)),
      ]
      for (const blockNumber of blockNumbers) {
        const block = await client.getBlock({ blockNumber })
        const receipts = await Promise.all(
          block.transactions.map((hash) => client.getTransactionReceipt({ hash })),
        )
        let cumulativeGas = 0n
        let logIndex = 0
        for (const [transactionIndex, receipt] of receipts.entries()) {
          expect(receipt).toMatchObject({
            transactionHash: block.transactions[transactionIndex],
            blockHash: block.hash,
            blockNumber: block.number,
            transactionIndex,
          })
          expect(receipt.cumulativeGasUsed - cumulativeGas).toBe(receipt.gasUsed)
          cumulativeGas = receipt.cumulativeGasUsed
          for (const log of receipt.logs) {
            // Log indexes count through the whole block, not per transaction.
            expect(log).toMatchObject({
              blockHash: block.hash,
              blockNumber: block.number,
              transactionHash: receipt.transactionHash,
              transactionIndex,
              logIndex: logIndex++,
            })
            for (const item of [log.address, ...log.topics]) {
              expect(bloomContains(receipt.logsBloom, item), `receipt bloom holds ${item}`).toBe(
                true,
              )
            }
          }
        }
        expect(bloomUnion(receipts.map((receipt) => receipt.logsBloom))).toBe(block.logsBloom)
        // Since Jovian an OP Stack header's gasUsed may be the block's DA footprint, when larger.
        const daMetered =
          role === 'l2' && opStackParamsOf(block.extraData)?.meterDaFootprint === true
        if (daMetered) expect(cumulativeGas).toBeLessThanOrEqual(block.gasUsed)
        else expect(cumulativeGas).toBe(block.gasUsed)
        // eth_getLogs serves the same logs, with the same indexes, as the receipts.
        const logs = await client.getLogs({ blockHash: block.hash })
        expect(logs.map((log) => [log.transactionHash, log.logIndex, log.topics])).toEqual(
          receipts.flatMap((receipt) =>
            receipt.logs.map((log) => [log.transactionHash, log.logIndex, log.topics]),
          ),
        )
      }
    })
  }
})
