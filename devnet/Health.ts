import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { HealthCheck } from '../core/index.js'
import type { DevnetChain, DevnetDescriptor, DevnetNode, DevnetWallet } from './Descriptor.js'

/**
 * Health checks of a running devnet: is it operational enough for its
 * acceptance suites to mean anything. Every check of every chain and node runs
 * in parallel; a devnet on loopback is checked in well under a second, bar the
 * wait for a new block.
 */

/**
 * The checks, in the order they are reported:
 * - `rpc-reachable` (per node, and for the chain's RPC where that is not a
 *   node's): answers `eth_chainId` and `eth_blockNumber` in time. The other
 *   checks of a node that does not answer are not run.
 * - `chain-id` (per node): `eth_chainId` is the declared chain id.
 * - `head-advancing` (per node): the head moves within about two block times;
 *   on a chain that mines on demand (no `blockTimeSeconds`), after a 0-value
 *   transaction from the first wallet to itself.
 * - `wallets-funded` (per chain): one wallet or more (of all, or of the first
 *   `walletSample`) has ether there, for the faucet to fund tests from.
 * - `block-hash-agreement` (per chain with several nodes): all nodes have the
 *   same block hash at the lowest of their heads.
 */
export const healthCheckNames = [
  'rpc-reachable',
  'chain-id',
  'head-advancing',
  'wallets-funded',
  'block-hash-agreement',
] as const

const defaultRpcTimeoutMs = 1_000

export interface HealthOptions {
  /** Timeout of each RPC request. Default: 1 000 ms. */
  rpcTimeoutMs?: number
  /**
   * How long to wait for a new head. Default: two block times plus 500 ms, or
   * 3 000 ms on a chain that mines on demand.
   */
  headTimeoutMs?: number
  /** Check the balance of only the first this-many wallets. Default: all of them. */
  walletSample?: number
  /**
   * Run `wallets-funded`. Default: true. A run leaves it out: whether the
   * tests' accounts can be funded is the faucet's preflight to say, and
   * reading every wallet's balance again would only delay the tests.
   */
  walletsFunded?: boolean
}

/**
 * Runs every health check on every chain and node of the devnet, in parallel.
 * Never throws for an unhealthy devnet: a problem is a failed check whose
 * `detail` says what was seen. Details name nodes and addresses, never a key
 * and never more of an RPC URL than its origin.
 */
export async function checkHealth(
  descriptor: DevnetDescriptor,
  options: HealthOptions = {},
): Promise<HealthCheck[]> {
  const perChain = await Promise.all(
    descriptor.chains.map((chain) => checkChain(chain, descriptor.wallets, options)),
  )
  return perChain.flat().sort((a, b) => checkOrder(a) - checkOrder(b))
}

function checkOrder(check: HealthCheck): number {
  return healthCheckNames.indexOf(check.check as (typeof healthCheckNames)[number])
}

interface Probe {
  node: DevnetNode
  client: PublicClient
  chainId: number
  head: bigint
}

async function checkChain(
  chain: DevnetChain,
  wallets: DevnetWallet[],
  options: HealthOptions,
): Promise<HealthCheck[]> {
  const clientOf = clientFactory(options.rpcTimeoutMs ?? defaultRpcTimeoutMs)
  const checks: HealthCheck[] = []
  const base = { chain: chain.name }

  const chainRpcIsNode = chain.nodes.some((node) => node.rpcUrl === chain.rpcUrl)
  const [nodeProbes, chainProbe] = await Promise.all([
    Promise.all(chain.nodes.map((node) => probe(node, clientOf(node.rpcUrl)))),
    chainRpcIsNode
      ? undefined
      : probe({ name: 'rpc', rpcUrl: chain.rpcUrl }, clientOf(chain.rpcUrl)),
  ])

  const reachable: Probe[] = []
  for (const result of nodeProbes) {
    const node = result.node.name
    if ('error' in result) {
      checks.push({
        check: 'rpc-reachable',
        ...base,
        node,
        ok: false,
        detail: `${originOf(result.node.rpcUrl)}: ${result.error}`,
      })
      continue
    }
    reachable.push(result)
    checks.push({
      check: 'rpc-reachable',
      ...base,
      node,
      ok: true,
      detail: `answered in ${result.ms} ms (head ${result.head})`,
    })
    checks.push({
      check: 'chain-id',
      ...base,
      node,
      ok: result.chainId === chain.chainId,
      detail:
        result.chainId === chain.chainId
          ? `chain id ${result.chainId}`
          : `chain id ${result.chainId}, declared ${chain.chainId}`,
    })
  }
  if (chainProbe) {
    checks.push({
      check: 'rpc-reachable',
      ...base,
      ok: !('error' in chainProbe),
      detail:
        'error' in chainProbe
          ? `chain RPC ${originOf(chain.rpcUrl)}: ${chainProbe.error}`
          : `chain RPC answered in ${chainProbe.ms} ms`,
    })
  }
  const chainRpcReachable = chainProbe
    ? !('error' in chainProbe)
    : reachable.some((p) => p.node.rpcUrl === chain.rpcUrl)
  if (reachable.length === 0) return checks

  const chainClient = clientOf(chain.rpcUrl)
  const [heads, funded, agreement] = await Promise.all([
    headAdvancing(chain, reachable, chainRpcReachable ? chainClient : undefined, wallets, options),
    chainRpcReachable && options.walletsFunded !== false
      ? walletsFunded(chain, chainClient, wallets, options)
      : [],
    reachable.length > 1 ? blockHashAgreement(chain, reachable) : [],
  ])
  return [...checks, ...heads, ...funded, ...agreement]
}

/** One client per URL, without retries (a retry would hide a flaky node) and without viem's 4 s block-number cache. */
function clientFactory(timeoutMs: number) {
  const clients = new Map<string, PublicClient>()
  return (url: string): PublicClient => {
    let client = clients.get(url)
    if (!client) {
      client = createPublicClient({
        transport: http(url, { timeout: timeoutMs, retryCount: 0, batch: true }),
        cacheTime: 0,
      })
      clients.set(url, client)
    }
    return client
  }
}

async function probe(
  node: DevnetNode,
  client: PublicClient,
): Promise<(Probe & { ms: number }) | { node: DevnetNode; error: string }> {
  const started = performance.now()
  try {
    // Sent together: the batching transport makes them one HTTP request.
    const [chainId, head] = await Promise.all([client.getChainId(), client.getBlockNumber()])
    return { node, client, chainId, head, ms: Math.round(performance.now() - started) }
  } catch (error) {
    return { node, error: describeRpcError(error) }
  }
}

async function headAdvancing(
  chain: DevnetChain,
  nodes: Probe[],
  chainClient: PublicClient | undefined,
  wallets: DevnetWallet[],
  options: HealthOptions,
): Promise<HealthCheck[]> {
  // Undefined on a chain that mines on demand.
  const blockMs = chain.blockTimeSeconds === undefined ? undefined : chain.blockTimeSeconds * 1_000
  const timeoutMs = options.headTimeoutMs ?? (blockMs === undefined ? 3_000 : 2 * blockMs + 500)
  const pollMs = blockMs === undefined ? 50 : Math.min(500, Math.max(50, blockMs / 5))
  const started = performance.now()

  let nudge = ''
  if (blockMs === undefined) nudge = await sendNudge(chain, chainClient, wallets, options)

  return Promise.all(
    nodes.map(async ({ node, client, head }): Promise<HealthCheck> => {
      const base = { check: 'head-advancing', chain: chain.name, node: node.name }
      let last = head
      let lastError = ''
      while (performance.now() - started < timeoutMs) {
        try {
          last = await client.getBlockNumber()
          lastError = ''
        } catch (error) {
          lastError = describeRpcError(error)
        }
        if (last > head) {
          const ms = Math.round(performance.now() - started)
          return { ...base, ok: true, detail: `head ${head} → ${last} in ${ms} ms${nudge}` }
        }
        await sleep(pollMs)
      }
      const why = lastError ? `; last error: ${lastError}` : ''
      return {
        ...base,
        ok: false,
        detail: `head stayed at ${last} for ${timeoutMs} ms${nudge}${why}`,
      }
    }),
  )
}

/** Sends a 0-value transaction so a chain that mines on demand makes a block. Returns a note for the detail. */
async function sendNudge(
  chain: DevnetChain,
  chainClient: PublicClient | undefined,
  wallets: DevnetWallet[],
  options: HealthOptions,
): Promise<string> {
  const wallet = wallets[0]
  if (!wallet)
    return ' (mines on demand, but the descriptor has no wallet to send a transaction from)'
  if (!chainClient)
    return ' (mines on demand, but the chain RPC does not answer to send a transaction)'
  const account = privateKeyToAccount(wallet.privateKey as Hex)
  const walletClient = createWalletClient({
    account,
    transport: http(chain.rpcUrl, {
      timeout: options.rpcTimeoutMs ?? defaultRpcTimeoutMs,
      retryCount: 0,
    }),
  })
  try {
    await walletClient.sendTransaction({ chain: null, to: account.address, value: 0n })
    return ` (mines on demand: sent a 0-value transaction from ${account.address})`
  } catch (error) {
    return ` (mines on demand, but sending a 0-value transaction from ${account.address} failed: ${describeRpcError(error)})`
  }
}

async function walletsFunded(
  chain: DevnetChain,
  client: PublicClient,
  wallets: DevnetWallet[],
  options: HealthOptions,
): Promise<HealthCheck[]> {
  const base = { check: 'wallets-funded', chain: chain.name }
  if (wallets.length === 0) {
    return [{ ...base, ok: false, detail: 'the descriptor lists no wallet with a private key' }]
  }
  const sample = wallets.slice(0, options.walletSample ?? wallets.length)
  const balances = await Promise.all(
    sample.map(async ({ address }) => {
      try {
        return { address, balance: await client.getBalance({ address: address as Address }) }
      } catch (error) {
        return { address, error: describeRpcError(error) }
      }
    }),
  )
  const of =
    sample.length === wallets.length
      ? `${sample.length}`
      : `${sample.length} sampled of ${wallets.length}`
  // One funded wallet is enough: the faucet funds every test's accounts from it.
  const funded = balances.filter((entry) => 'balance' in entry && entry.balance > 0n)
  if (funded.length > 0) {
    return [{ ...base, ok: true, detail: `${funded.length} of ${of} wallets have ether here` }]
  }
  const problems = balances.map((entry) =>
    'error' in entry ? `${entry.address}: ${entry.error}` : `${entry.address} has no balance`,
  )
  const listed =
    problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; … ${problems.length - 5} more` : '')
  return [
    {
      ...base,
      ok: false,
      detail: `none of ${of} wallets has ether here, so no test account can be funded: ${listed}`,
    },
  ]
}

async function blockHashAgreement(chain: DevnetChain, nodes: Probe[]): Promise<HealthCheck[]> {
  const base = { check: 'block-hash-agreement', chain: chain.name }
  // Every node has the lowest head, so they can all be asked for that block.
  // Heads are bigints, which Math.min does not take.
  const height = nodes.reduce(
    (lowest, { head }) => (head < lowest ? head : lowest),
    nodes[0]?.head ?? 0n,
  )
  const hashes = await Promise.all(
    nodes.map(async ({ node, client }) => {
      try {
        const block = await client.getBlock({ blockNumber: height })
        return { node: node.name, hash: block.hash as string }
      } catch (error) {
        return { node: node.name, hash: undefined, error: describeRpcError(error) }
      }
    }),
  )
  const distinct = new Set(hashes.map(({ hash }) => hash))
  if (distinct.size === 1 && !distinct.has(undefined)) {
    return [
      {
        ...base,
        ok: true,
        detail: `all ${nodes.length} nodes have block ${height} = ${hashes[0]?.hash}`,
      },
    ]
  }
  const listed = hashes
    .map(
      (entry) =>
        `${entry.node} ${entry.hash ?? `(no block: ${'error' in entry ? entry.error : 'unknown'})`}`,
    )
    .join(', ')
  return [{ ...base, ok: false, detail: `nodes disagree on block ${height}: ${listed}` }]
}

/**
 * A short reason for a failed RPC call. viem's own messages carry the request
 * body and the full URL; this keeps the cause (refused, timed out, the node's
 * error) and nothing else.
 */
function describeRpcError(error: unknown): string {
  const chain: unknown[] = []
  for (
    let current: unknown = error;
    current && chain.length < 8;
    current = (current as { cause?: unknown }).cause
  ) {
    chain.push(current)
  }
  for (const entry of chain) {
    const { name, code } = entry as { name?: string; code?: unknown }
    if (name === 'TimeoutError') return 'no answer in time'
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return errnoText[code] ?? code
  }
  for (const entry of chain) {
    const { name, details } = entry as { name?: string; details?: unknown }
    // The node's own error (RpcRequestError) says what it did not like.
    if (name === 'RpcRequestError' && typeof details === 'string') return details
  }
  const first = error as { shortMessage?: string; message?: string }
  return (first.shortMessage ?? first.message ?? String(error)).split('\n')[0] ?? 'unknown error'
}

const errnoText: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connection timed out',
}

/** An RPC URL's path and credentials may hold an API key; details show only its origin. */
function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return '(invalid URL)'
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
