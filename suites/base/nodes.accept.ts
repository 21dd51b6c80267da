import {
  type DevnetChain,
  describe,
  expect,
  maxOf,
  minOf,
  publicClientOf,
  test,
  waitFor,
  waitForBlockNumber,
  waitForBlocks,
} from 'signalbox/suite'
import type { Hash, PublicClient } from 'viem'

/** How far behind the others a node may be, in seconds of blocks, before it counts as lagging. */
const maxLagSeconds = 5

/** Reads of the common block before nodes that disagree count as forked (a reorg may be in flight). */
const attempts = 3

interface NodeClient {
  name: string
  client: PublicClient
}

function nodeClientsOf(chain: DevnetChain): NodeClient[] {
  return chain.nodes.map((node) => ({
    name: node.name,
    client: publicClientOf({ ...chain, rpcUrl: node.rpcUrl }),
  }))
}

function headsOf(nodes: readonly NodeClient[]): Promise<bigint[]> {
  return Promise.all(nodes.map(({ client }) => client.getBlockNumber({ cacheTime: 0 })))
}

/** What a node says of block `number`: its hash, the parent it names, and the node's own block before it. */
interface BlockLink {
  hash: Hash
  parentHash: Hash
  previousHash: Hash
}

async function blockLinkOf(client: PublicClient, number: bigint): Promise<BlockLink> {
  const [block, previous] = await Promise.all([
    client.getBlock({ blockNumber: number }),
    client.getBlock({ blockNumber: number - 1n }),
  ])
  return { hash: block.hash, parentHash: block.parentHash, previousHash: previous.hash }
}

/**
 * Every node must say what the first says, and each must name as the block's
 * parent its own block before it. On a chain with a single node the first
 * half compares the node with itself; the second half still compares two
 * different answers.
 */
function expectOneChain(nodes: readonly NodeClient[], links: readonly BlockLink[], what: string) {
  const [reference] = links
  const expected = {
    hash: reference?.hash,
    parentHash: reference?.previousHash,
    previousHash: reference?.previousHash,
  }
  expect(Object.fromEntries(nodes.map(({ name }, index) => [name, links[index]])), what).toEqual(
    Object.fromEntries(nodes.map(({ name }) => [name, expected])),
  )
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

        // Block 1 names the genesis as its parent: a block past genesis on every node first
        // (asked for where the chain mines on demand).
        await waitForBlockNumber(reference.client, 1n, { timeoutMs: 15_000, signal })
        await waitFor(async () => minOf(await headsOf(nodes)) > 0n, {
          description: `a block past genesis on every node of ${chain.name}`,
          timeoutMs: 15_000,
          signal,
        })
        const firstLinks = await Promise.all(nodes.map(({ client }) => blockLinkOf(client, 1n)))
        expectOneChain(nodes, firstLinks, `genesis and block 1 of ${chain.name} on every node`)

        let links: BlockLink[] = []
        let common = 0n
        for (let attempt = 1; attempt <= attempts; attempt++) {
          // The highest block every node has.
          common = minOf(await headsOf(nodes))
          links = await Promise.all(nodes.map(({ client }) => blockLinkOf(client, common)))
          if (new Set(links.map((link) => link.hash)).size === 1 || attempt === attempts) break
          await waitForBlocks(reference.client, 1, { signal, timeoutMs: 15_000 })
        }
        expectOneChain(nodes, links, `block ${common} of ${chain.name} on every node`)
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
        const heads = await headsOf(nodes)
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
