import { chainOf, describe, expect, test, waitForBlocks } from 'signalbox/suite'

// A chain that stops producing blocks, or answers as another chain, is down
// for every user: catastrophic.
describe('liveness', { meta: { severity: 'SEV0', owner: 'platforms' }, concurrent: true }, () => {
  for (const role of ['l1', 'l2'] as const) {
    test(`${role.toUpperCase()} produces blocks`, async ({ devnet, l1, l2, signal }) => {
      const client = role === 'l1' ? l1 : l2
      const chain = chainOf(devnet, role)
      // Three block times, or 10 s for chains that mine on demand, before calling it stalled.
      const timeoutMs = chain?.blockTimeSeconds ? chain.blockTimeSeconds * 3_000 : 10_000
      const before = await client.getBlock({ blockTag: 'latest' })
      await waitForBlocks(client, 1, { timeoutMs, signal })
      const after = await client.getBlock({ blockTag: 'latest' })

      expect(after.number).toBeGreaterThan(before.number)
      expect(after.timestamp).toBeGreaterThanOrEqual(before.timestamp)
    })

    test(`${role.toUpperCase()} answers with the chain id the devnet declares`, async ({
      devnet,
      l1,
      l2,
    }) => {
      const client = role === 'l1' ? l1 : l2
      const declared = chainOf(devnet, role)?.chainId

      expect(await client.getChainId()).toBe(declared)
    })
  }
})
