import { describe, expect, test } from 'signalbox/suite'
import { parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'

// Value transfers that are not included, or move the wrong amount, stop most
// users from transacting: critical.
describe('value transfers', {
  meta: { severity: 'SEV1', owner: 'platforms' },
  concurrent: true,
}, () => {
  for (const role of ['l1', 'l2'] as const) {
    test(`${role.toUpperCase()} includes a transfer and moves exactly its value`, async ({
      l1,
      l2,
      wallet,
    }) => {
      const client = role === 'l1' ? l1 : l2
      const sender = wallet[role]
      const recipient = privateKeyToAddress(generatePrivateKey())
      const value = parseEther('1.25')

      const hash = await sender.sendTransaction({ to: recipient, value })
      const receipt = await client.waitForTransactionReceipt({ hash, timeout: 15_000 })

      expect(receipt.status).toBe('success')
      const before = receipt.blockNumber - 1n
      const [senderBefore, senderAfter, recipientAfter] = await Promise.all([
        client.getBalance({ address: sender.account.address, blockNumber: before }),
        client.getBalance({ address: sender.account.address, blockNumber: receipt.blockNumber }),
        client.getBalance({ address: recipient, blockNumber: receipt.blockNumber }),
      ])
      // On OP-style chains the sender also pays the L1 data fee, reported in the receipt.
      const l1Fee = (receipt as { l1Fee?: bigint | null }).l1Fee ?? 0n
      const fee = receipt.gasUsed * receipt.effectiveGasPrice + l1Fee
      expect(recipientAfter).toBe(value)
      expect(senderBefore - senderAfter).toBe(value + fee)
    })
  }
})
