import {
  type DevnetChain,
  describe,
  expect,
  maxOf,
  minOf,
  test,
  viemChainOf,
  waitForBlocks,
} from 'signalbox/suite'
import { createPublicClient, http, type PublicClient } from 'viem'

/** How far behind the others a node may be, in seconds of blocks, before it counts as lagging. */
const maxLagSeconds = 5

/** Reads of the common block before nodes that disagree count as forked (a reorg may be in flight). */
const attempts = 3

function nodeClientsOf(chain: DevnetChain): Array<{ name: string; client: PublicClient }> {
  return chain.nodes.map((node) => ({
    name: node.name,
    client: createPublicClient({ chain: viemChainOf(chain), transport: http(node.rpcUrl) }),
  }))
}

describe('nodes agree', { meta: { owner: 'platforms' }, concurrent: true }, () => {
  for (const role of ['l1', 'l2'] as const) {
    // Nodes of one chain that disagree on its blocks are a chain split: users
    // see different balances depending on the node they ask, and what one
    // node confirms another may never include: catastrophic.
    test(`every node of each ${role.toUpperCase()} chain has the same chain id, genesis and blocks`, {
      meta: { severity: 'SEV0' },
    }, async ({ devnet, signal }) => {
      const chains = devnet.chains.filter((chain) => chain.role === role)
      expect(chains.length).toBeGreaterThan(0)
      for (const chain of chains) {
        const nodes = nodeClientsOf(chain)
        const [reference] = nodes
        if (!reference) throw new Error(`${chain.name} has no nodes (the descriptor requires one)`)
        const chainIds = await Promise.all(nodes.map(({ client }) => client.getChainId()))
        expect(chainIds).toEqual(nodes.map(() => chain.chainId))
        const genesis = await Promise.all(
          nodes.map(({ client }) => client.getBlock({ blockNumber: 0n })),
        )
        expect(genesis.map((block) => block.hash)).toEqual(nodes.map(() => genesis[0]?.hash))

        let hashes: string[] = []
        let common = 0n
        for (let attempt = 1; attempt <= attempts; attempt++) {
          const heads = await Promise.all(
            nodes.map(({ client }) => client.getBlockNumber({ cacheTime: 0 })),
          )
          // The highest block every node has.
          common = minOf(heads)
          const blocks = await Promise.all(
            nodes.map(({ client }) => client.getBlock({ blockNumber: common })),
          )
          hashes = blocks.map((block) => block.hash)
          if (new Set(hashes).size === 1 || attempt === attempts) break
          await waitForBlocks(reference.client, 1, { signal, timeoutMs: 15_000 })
        }
        expect(
          Object.fromEntries(nodes.map(({ name }, index) => [name, hashes[index]])),
          `block ${common} of ${chain.name} on every node`,
        ).toEqual(Object.fromEntries(nodes.map(({ name }) => [name, hashes[0]])))
      }
    })

    // A lagging node serves stale balances and nonces to the users behind it:
    // a subset of users cannot transact reliably.
    test(`no node of each ${role.toUpperCase()} chain lags the others by more than ${maxLagSeconds} s of blocks`, {
      meta: { severity: 'SEV2' },
    }, async ({ devnet }) => {
      const chains = devnet.chains.filter((chain) => chain.role === role)
      expect(chains.length).toBeGreaterThan(0)
      for (const chain of chains) {
        const nodes = nodeClientsOf(chain)
        const heads = await Promise.all(
          nodes.map(({ client }) => client.getBlockNumber({ cacheTime: 0 })),
        )
        const highest = maxOf(heads)
        // A chain that mines on demand has no block time: a node may be at most a block behind.
        const maxLagBlocks = chain.blockTimeSeconds
          ? BigInt(Math.ceil(maxLagSeconds / chain.blockTimeSeconds))
          : 1n
        const lags = Object.fromEntries(
          nodes.map(({ name }, index) => [name, highest - (heads[index] ?? 0n)]),
        )
        for (const [name, lag] of Object.entries(lags)) {
          expect(lag, `${name} of ${chain.name} is ${lag} block(s) behind`).toBeLessThanOrEqual(
            maxLagBlocks,
          )
        }
      }
    })
  }
})
