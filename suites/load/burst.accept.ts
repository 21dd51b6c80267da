import {
  describe,
  expect,
  formatLatency,
  maxOf,
  minOf,
  sendBurst,
  summarizeLatency,
  test,
  WaitTimeoutError,
  waitForInclusion,
} from 'signalbox/suite'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'

/** Transfers in the burst, split evenly between the senders. */
const burstSize = 200
/** Accounts sending at once, each its share of the burst. */
const senders = 4
/**
 * Each transfer must be in a block within this of the node accepting it.
 * Counted per transaction from its acceptance, so that a slow client (signing
 * on a busy machine) is not blamed on the chain.
 */
const maxLatencyMs = 10_000

// A chain that cannot take a short burst of ordinary transfers delays or
// drops many users' transactions under real load: a functionality issue that
// impacts many users' ability to transact.
describe('load', { meta: { severity: 'SEV2', owner: 'platforms' }, concurrent: true }, () => {
  for (const role of ['l1', 'l2'] as const) {
    test(`${role.toUpperCase()} includes a burst of ${burstSize} transfers from ${senders} senders within ${maxLatencyMs / 1000} s each`, async ({
      l1,
      l2,
      wallets,
      signal,
      annotate,
    }) => {
      const client = role === 'l1' ? l1 : l2
      const accounts = await wallets(senders)
      const recipient = privateKeyToAddress(generatePrivateKey())
      const transfers = Array.from({ length: burstSize / senders }, () => ({
        to: recipient,
        value: 1n,
        gas: 21_000n,
      }))

      const bursts = await Promise.all(
        accounts.map((sender) => sendBurst(client, sender.account, transfers, { signal })),
      )
      const sent = bursts.flatMap((burst) => burst.sent)
      const fromBlock = minOf(bursts.map((burst) => burst.fromBlock))
      const included = await waitForInclusion(
        client,
        sent.map((transaction) => transaction.hash),
        // Every transfer was accepted before this starts: each gets at least its full allowance.
        { fromBlock, signal, timeoutMs: maxLatencyMs },
      ).catch((error: unknown) => {
        // Missing the deadline is the chain failing the check, not the test breaking.
        if (error instanceof WaitTimeoutError) expect.fail(error.message)
        throw error
      })
      const firstAcceptedMs = Math.min(...sent.map((transaction) => transaction.acceptedAtMs))
      const lastSeenMs = Math.max(...[...included.values()].map((inclusion) => inclusion.seenAtMs))

      const latencies = sent.map(
        (transaction) =>
          (included.get(transaction.hash)?.seenAtMs ?? Number.NaN) - transaction.acceptedAtMs,
      )
      const blocks = new Set([...included.values()].map((inclusion) => inclusion.blockNumber))
      const latency = summarizeLatency(latencies)
      await annotate(formatLatency(latency), 'latency')
      await annotate(
        `${sent.length} txs in ${blocks.size} block(s), ${Math.round(lastSeenMs - firstAcceptedMs)} ms from the first accepted to the last included`,
        'throughput',
      )

      expect(sent).toHaveLength(burstSize)
      expect(latency.max).toBeLessThan(maxLatencyMs)
      // Every transfer executed: each moved its 1 wei (a reverted one would move nothing).
      const last = maxOf(blocks)
      expect(await client.getBalance({ address: recipient, blockNumber: last })).toBe(
        BigInt(burstSize),
      )
      for (const [index, sender] of accounts.entries()) {
        const firstNonce = bursts[index]?.sent[0]?.nonce ?? -1
        expect(
          await client.getTransactionCount({ address: sender.account.address, blockNumber: last }),
        ).toBe(firstNonce + transfers.length)
      }
    })
  }
})
