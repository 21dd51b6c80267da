import { z } from 'zod'
import { type ChainRole, checkSchema } from '../core/index.js'
import {
  type DevnetChain,
  DevnetDescriptor,
  type DevnetNode,
  type DevnetWallet,
  HexAddress,
  HexPrivateKey,
} from './Descriptor.js'
import { DevnetInputError } from './DevnetError.js'
import { validate } from './InputDocument.js'

/**
 * The devnet descriptor of Optimism's devnet-sdk (`devnet-sdk/descriptors` in
 * ethereum-optimism/optimism), as kurtosis-devnet and netchef write it, and its
 * mapping to and from ours.
 *
 * It is written by Go's encoding/json, which shapes what is accepted here:
 * fields without `omitempty` hold `null` when Go's map or slice was nil, chain
 * ids are decimal strings, and unknown fields are ignored (so descriptors from
 * newer devnet-sdk versions still load). Older versions keep one service per
 * name at chain level, newer ones a list; both are read, the newer is written.
 */

/** devnet-sdk writes the chain id as a decimal string; hand-written files often use a number. */
const ChainId = z.union(
  [
    z.string().regex(/^[1-9]\d*$/, 'expected a decimal chain id'),
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  ],
  {
    error: (issue) =>
      `${issue.input === undefined ? 'missing (expected' : 'expected'} a chain id: a decimal string or a number${issue.input === undefined ? ')' : ''}`,
  },
)

/** An endpoint: `scheme://host:port` (devnet-sdk's `PortInfo`). */
export const DevnetSdkPortInfo = z.object({
  host: z.string().regex(/^[^\s/?#@]+$/, 'expected a host name or IP address'),
  /** Default: `http`. */
  scheme: z
    .string()
    .regex(/^[a-z][a-z0-9+.-]*$/i, 'expected a URL scheme such as http')
    .optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  private_port: z.number().int().min(0).max(65_535).optional(),
  reverse_proxy_header: z.record(z.string(), z.array(z.string())).optional(),
})
export type DevnetSdkPortInfo = z.infer<typeof DevnetSdkPortInfo>

const Labels = z.record(z.string(), z.string())

/** A service (node client, batcher, proxyd…) and its endpoints by name. */
export const DevnetSdkService = z.object({
  name: z.string(),
  endpoints: z.record(z.string(), DevnetSdkPortInfo).nullable(),
  labels: Labels.optional(),
})
export type DevnetSdkService = z.infer<typeof DevnetSdkService>

/** The execution client of a node: the one service signalbox talks to, so its RPC endpoint is required. */
const ExecutionService = DevnetSdkService.extend({
  endpoints: z.object({ rpc: DevnetSdkPortInfo }).catchall(DevnetSdkPortInfo),
})

/** A node of a chain: its services by role, `el` (execution client) and `cl` (consensus client) among them. */
export const DevnetSdkNode = z.object({
  /** Newer devnet-sdk versions only, and empty where the writer did not name the node. */
  name: z.string().optional(),
  services: z.object({ el: ExecutionService.optional() }).catchall(DevnetSdkService).nullable(),
  labels: Labels.optional(),
})
export type DevnetSdkNode = z.infer<typeof DevnetSdkNode>

/** A wallet of a chain, by name in the chain's `wallets`. */
export const DevnetSdkWallet = z.object({
  address: HexAddress,
  /** Absent for wallets whose key the devnet does not share; signalbox cannot send from those. */
  private_key: HexPrivateKey.optional(),
})
export type DevnetSdkWallet = z.infer<typeof DevnetSdkWallet>

/** A chain: the L1, or the common part of an L2. */
export const DevnetSdkChain = z.object({
  name: z.string().min(1),
  id: ChainId,
  services: z.record(z.string(), z.union([z.array(DevnetSdkService), DevnetSdkService])).nullish(),
  nodes: z.array(DevnetSdkNode).nullable(),
  wallets: z.record(z.string(), DevnetSdkWallet).nullish(),
  jwt: z.string().optional(),
  /** go-ethereum's chain config: carried, not read. */
  config: z.unknown().optional(),
  addresses: z.record(z.string(), HexAddress).nullish(),
})
export type DevnetSdkChain = z.infer<typeof DevnetSdkChain>

/** An L2 chain, with what it knows of its L1. */
export const DevnetSdkL2Chain = DevnetSdkChain.extend({
  l1_addresses: z.record(z.string(), HexAddress).nullish(),
  l1_wallets: z.record(z.string(), DevnetSdkWallet).nullish(),
  /** op-node's rollup config; only `block_time` (whole seconds) is read. */
  rollup_config: z.looseObject({ block_time: z.number().nonnegative().optional() }).nullish(),
})
export type DevnetSdkL2Chain = z.infer<typeof DevnetSdkL2Chain>

/** A whole devnet-sdk descriptor (`DevnetEnvironment`): one L1, any number of L2s. */
export const DevnetSdkDescriptor = z
  .object({
    name: z.string().min(1),
    reverse_proxy_url: z.string().optional(),
    l1: DevnetSdkChain,
    l2: z.array(DevnetSdkL2Chain).nullish(),
    features: z.array(z.string()).nullish(),
    dep_sets: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((document, context) => {
    // Our descriptor keys health results and suites' lookups by chain name,
    // and needs an RPC endpoint on every chain.
    const seen = new Set<string>()
    for (const [path, chain] of chainsWithPaths(document)) {
      if (seen.has(chain.name)) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'name'],
          message: `duplicate chain name "${chain.name}"`,
        })
      }
      seen.add(chain.name)
      if (!(chain.nodes ?? []).some((node) => node.services?.el)) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'nodes'],
          message:
            'no node has an execution client with an RPC endpoint (services.el.endpoints.rpc)',
        })
      }
    }
  })
export type DevnetSdkDescriptor = z.infer<typeof DevnetSdkDescriptor>

function chainsWithPaths(document: {
  l1: DevnetSdkChain
  l2?: DevnetSdkL2Chain[] | null | undefined
}): Array<[PropertyKey[], DevnetSdkChain]> {
  return [
    [['l1'], document.l1],
    ...(document.l2 ?? []).map((chain, index): [PropertyKey[], DevnetSdkChain] => [
      ['l2', index],
      chain,
    ]),
  ]
}

/**
 * Node label where signalbox keeps a chain's block time, which devnet-sdk has
 * no field for on L1 and only whole seconds for on L2 (`rollup_config.block_time`).
 */
export const blockTimeLabel = 'signalbox.block-time-seconds'

export interface FromDevnetSdkOptions {
  /** Named in errors: the file or URL the document came from. Default: `devnet descriptor`. */
  source?: string
  /** Our descriptor's `backend`. Default: `descriptor`. */
  backend?: string
}

/**
 * Reads a devnet-sdk descriptor into ours. Throws a DevnetInputError naming
 * the source and every wrong path.
 *
 * - Each chain's nodes are those with an execution client (`services.el`)
 *   and its `rpc` endpoint; the chain's RPC is its `proxyd` service where
 *   there is one (as devnet-sdk itself picks), else the first node's.
 * - Wallets: ours are funded on every chain, so only wallets present on every
 *   chain (same address, any name) and with a private key are kept, in the
 *   L1's order. A wallet listed on one chain only is left out.
 * - Contract addresses, consensus clients, other services, the JWT and
 *   go-ethereum's chain config have no place in ours and are dropped.
 */
export function fromDevnetSdk(
  document: unknown,
  options: FromDevnetSdkOptions = {},
): DevnetDescriptor {
  const source = options.source ?? 'devnet descriptor'
  const parsed = validate(DevnetSdkDescriptor, document, { source, what: 'devnet descriptor' })
  const chains: DevnetChain[] = chainsWithPaths(parsed).map(([path, chain]) =>
    chainFromSdk(chain, path[0] === 'l1' ? 'l1' : 'l2'),
  )
  const descriptor = {
    name: parsed.name,
    backend: options.backend ?? 'descriptor',
    chains,
    wallets: walletsOnEveryChain(parsed),
  }
  // Our schema is stricter in places (URLs); report against our field names.
  const checked = checkSchema(DevnetDescriptor, descriptor, { showInput: false })
  if (!checked.success) {
    throw new DevnetInputError(`devnet descriptor ${source} cannot be used`, {
      source,
      issues: checked.issues,
      details: 'The paths above are in signalbox’s descriptor, built from this one.',
    })
  }
  return checked.data
}

function chainFromSdk(chain: DevnetSdkChain | DevnetSdkL2Chain, role: ChainRole): DevnetChain {
  const nodes: DevnetNode[] = []
  for (const [index, node] of (chain.nodes ?? []).entries()) {
    const el = node.services?.el
    if (!el) continue
    const name = node.name || el.name || `${chain.name}-node-${index}`
    nodes.push({ name, rpcUrl: urlOf(el.endpoints.rpc) })
  }
  const proxyd = firstService(chain.services?.proxyd)
  const proxydHttp = proxyd?.endpoints?.http
  const first = nodes[0]
  if (!first) throw new Error(`internal: chain ${chain.name} passed validation without an RPC node`)
  const blockTimeSeconds = blockTimeOf(chain)
  return {
    name: chain.name,
    role,
    chainId: Number(chain.id),
    rpcUrl: proxydHttp ? urlOf(proxydHttp) : first.rpcUrl,
    nodes,
    ...(blockTimeSeconds === undefined ? {} : { blockTimeSeconds }),
  }
}

function firstService(
  entry: DevnetSdkService | DevnetSdkService[] | undefined,
): DevnetSdkService | undefined {
  return Array.isArray(entry) ? entry[0] : entry
}

function blockTimeOf(chain: DevnetSdkChain | DevnetSdkL2Chain): number | undefined {
  for (const node of chain.nodes ?? []) {
    const label = node.labels?.[blockTimeLabel]
    if (label !== undefined && Number(label) > 0) return Number(label)
  }
  const fromRollup = 'rollup_config' in chain ? chain.rollup_config?.block_time : undefined
  return fromRollup && fromRollup > 0 ? fromRollup : undefined
}

function urlOf(port: DevnetSdkPortInfo): string {
  const scheme = port.scheme || 'http'
  // A bare IPv6 address needs brackets in a URL.
  const host = port.host.includes(':') && !port.host.startsWith('[') ? `[${port.host}]` : port.host
  return `${scheme}://${host}${port.port ? `:${port.port}` : ''}`
}

function walletsOnEveryChain(document: DevnetSdkDescriptor): DevnetWallet[] {
  const chains = chainsWithPaths(document).map(([, chain]) => chain)
  const addressesPerChain = chains.map(
    (chain) =>
      new Set(Object.values(chain.wallets ?? {}).map((wallet) => wallet.address.toLowerCase())),
  )
  const kept = new Map<string, DevnetWallet>()
  for (const wallet of Object.values(document.l1.wallets ?? {})) {
    const key = wallet.address.toLowerCase()
    if (!wallet.private_key || kept.has(key)) continue
    if (addressesPerChain.every((addresses) => addresses.has(key))) {
      kept.set(key, { address: wallet.address, privateKey: wallet.private_key })
    }
  }
  return [...kept.values()]
}

/** The JSON devnet-sdk reads; `z.input` because that is what a writer must produce. */
export type DevnetSdkDocument = z.input<typeof DevnetSdkDescriptor>

/**
 * Writes our descriptor in devnet-sdk's format, so tools built on devnet-sdk
 * can use a devnet signalbox started. Needs exactly one L1 chain (devnet-sdk
 * has one `l1`). Every chain lists every wallet (ours are funded on every
 * chain) as `wallet-<n>`; each node's execution client is `services.el` with
 * an `rpc` endpoint; a chain whose RPC is not its first node's gets a `proxyd`
 * service; the block time is kept in a node label (`signalbox.block-time-seconds`).
 * `fromDevnetSdk(toDevnetSdk(d), { backend: d.backend })` gives `d` back.
 *
 * The result holds private keys: redact before writing it anywhere a person reads.
 */
export function toDevnetSdk(descriptor: DevnetDescriptor): DevnetSdkDocument {
  const l1Chains = descriptor.chains.filter((chain) => chain.role === 'l1')
  const [l1] = l1Chains
  if (!l1 || l1Chains.length > 1) {
    throw new DevnetInputError(
      `devnet ${descriptor.name} has ${l1Chains.length} L1 chains; devnet-sdk's format needs exactly one`,
      { source: descriptor.name },
    )
  }
  const wallets = Object.fromEntries(
    descriptor.wallets.map((wallet, index) => [
      `wallet-${index}`,
      { address: wallet.address, private_key: wallet.privateKey },
    ]),
  )
  return {
    name: descriptor.name,
    l1: chainToSdk(l1, wallets),
    l2: descriptor.chains
      .filter((chain) => chain.role === 'l2')
      .map((chain) => chainToSdk(chain, wallets)),
  }
}

function chainToSdk(chain: DevnetChain, wallets: Record<string, DevnetSdkWallet>): DevnetSdkChain {
  const labels =
    chain.blockTimeSeconds === undefined
      ? undefined
      : { [blockTimeLabel]: String(chain.blockTimeSeconds) }
  const firstNode = chain.nodes[0]
  const proxied = firstNode !== undefined && firstNode.rpcUrl !== chain.rpcUrl
  return {
    name: chain.name,
    id: String(chain.chainId),
    ...(proxied
      ? {
          services: { proxyd: [{ name: 'proxyd', endpoints: { http: portInfoOf(chain.rpcUrl) } }] },
        }
      : {}),
    nodes: chain.nodes.map((node) => ({
      name: node.name,
      services: { el: { name: node.name, endpoints: { rpc: portInfoOf(node.rpcUrl) } } },
      ...(labels ? { labels } : {}),
    })),
    wallets,
  }
}

function portInfoOf(url: string): DevnetSdkPortInfo {
  const parsed = new URL(url)
  const scheme = parsed.protocol.replace(/:$/, '')
  // Only scheme, host and port fit devnet-sdk's endpoint; a path or credentials would be lost silently.
  if (parsed.pathname !== '/' || parsed.search || parsed.username || parsed.password) {
    throw new DevnetInputError(
      'an RPC URL with a path, query or credentials cannot be written in devnet-sdk’s format',
      {
        source: parsed.origin,
      },
    )
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  return { host, scheme, ...(parsed.port ? { port: Number(parsed.port) } : {}) }
}
