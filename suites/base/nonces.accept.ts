import {
  describe,
  expect,
  findReceipt,
  maxOf,
  sendBurst,
  test,
  waitFor,
  waitForBlocks,
  waitForInclusion,
} from 'signalbox/suite'
import { type Hash, keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'

/** Transactions one account sends without waiting. */
const burstSize = 12

// A sender whose transactions are dropped, included out of order or twice
// loses or double-spends funds, and every wallet or bot that sends without
// waiting for inclusion stalls: severe loss of functionality for many users.
describe('nonces', { meta: { severity: 'SEV1', owner: 'platforms' }, concurrent: true }, () => {
  for (const role of ['l1', 'l2'] as const) {
    const chainName = role.toUpperCase()

    test(`${chainName} includes a burst from one sender: every nonce once, in order, no gaps`, async ({
      l1,
      l2,
      wallet,
      signal,
    }) => {
      const client = role === 'l1' ? l1 : l2
      const recipient = privateKeyToAddress(generatePrivateKey())
      const transfers = Array.from({ length: burstSize }, () => ({
        to: recipient,
        value: 1n,
        gas: 21_000n,
      }))

      // Highest nonce first: the node must hold the later ones until the gap before them closes.
      const burst = await sendBurst(client, wallet.account, transfers, {
        order: 'descending',
        signal,
      })
      await waitForInclusion(
        client,
        burst.sent.map((sent) => sent.hash),
        { fromBlock: burst.fromBlock, signal },
      )

      const firstNonce = burst.sent[0]?.nonce ?? -1
      const expectedNonces = Array.from({ length: burstSize }, (_, index) => firstNonce + index)
      const mined = await Promise.all(burst.sent.map(({ hash }) => client.getTransaction({ hash })))
      const receipts = await Promise.all(
        burst.sent.map(({ hash }) => client.getTransactionReceipt({ hash })),
      )
      expect(receipts.map((receipt) => receipt.status)).toEqual(transfers.map(() => 'success'))
      expect(mined.map((transaction) => transaction.nonce)).toEqual(expectedNonces)
      const inChainOrder = [...mined].sort(
        (a, b) =>
          Number((a.blockNumber ?? 0n) - (b.blockNumber ?? 0n)) ||
          (a.transactionIndex ?? 0) - (b.transactionIndex ?? 0),
      )
      expect(inChainOrder.map((transaction) => transaction.nonce)).toEqual(expectedNonces)
      const head = maxOf(receipts.map((receipt) => receipt.blockNumber))
      expect(
        await client.getTransactionCount({ address: wallet.account.address, blockNumber: head }),
      ).toBe(firstNonce + burstSize)
      expect(await client.getBalance({ address: recipient, blockNumber: head })).toBe(
        BigInt(burstSize),
      )
    })

    test(`${chainName} includes at most one of two transactions with the same nonce`, async ({
      l1,
      l2,
      wallet,
      signal,
    }) => {
      const client = role === 'l1' ? l1 : l2
      const address = wallet.account.address
      const nonce = await client.getTransactionCount({ address, blockTag: 'pending' })
      const fees = await client.estimateFeesPerGas()
      const recipients = [
        privateKeyToAddress(generatePrivateKey()),
        privateKeyToAddress(generatePrivateKey()),
      ]
      const signed = await Promise.all(
        recipients.map((to) =>
          wallet.account.signTransaction({
            chainId: client.chain.id,
            nonce,
            to,
            value: 1n,
            gas: 21_000n,
            ...fees,
          }),
        ),
      )

      const hashes: Hash[] = []
      for (const serializedTransaction of signed) {
        try {
          hashes.push(await client.sendRawTransaction({ serializedTransaction }))
        } catch {
          // Refusing the second one ("replacement underpriced", "already known") is a correct answer.
        }
      }
      expect(hashes.length).toBeGreaterThan(0)
      await waitFor(
        async () => (await client.getTransactionCount({ address, blockTag: 'latest' })) > nonce,
        { description: `nonce ${nonce} to be used`, timeoutMs: 15_000, signal },
      )
      // A few more blocks, for a second inclusion to show up if the chain allowed one.
      await waitForBlocks(client, 2, { signal })

      const receipts = await Promise.all(
        // A transaction's hash is the keccak-256 of its signed envelope, accepted or not.
        signed.map((raw) => findReceipt(client, keccak256(raw))),
      )
      expect(receipts.filter((receipt) => receipt !== undefined)).toHaveLength(1)
      expect(await client.getTransactionCount({ address, blockTag: 'latest' })).toBe(nonce + 1)
      const received = await Promise.all(
        recipients.map((recipient) => client.getBalance({ address: recipient })),
      )
      expect(received.reduce((sum, balance) => sum + balance, 0n)).toBe(1n)
    })
  }
})
