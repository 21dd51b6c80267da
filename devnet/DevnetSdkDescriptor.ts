import { privateKeyToAddress } from 'viem/accounts'
import { z } from 'zod'
import { type ChainRole, checkSchema, formatPath, type InputIssue } from '../core/index.js'
import {
  type DevnetChain,
  DevnetDescriptor,
  type DevnetNode,
  type DevnetWallet,
  HexAddress,
} from './Descriptor.js'
import { DevnetInputError } from './DevnetError.js'
import { validate } from './InputDocument.js'

/**
 * The devnet descriptor of Optimism's devnet-sdk (`devnet-sdk/descriptors` in
 * ethereum-optimism/optimism), as kurtosis-devnet and netchef write it, and its
 * mapping to and from ours.
 *
 * It is written by Go's encoding/json, which shapes what is accepted here:
 * fields without `omitempty` hold `null` where Go's map, slice or pointer was
 * nil (so do the entries of its maps of pointers), strings are empty rather
 * than absent (names, hosts), chain ids are decimal strings and may be left
 * out, and unknown fields are ignored (so descriptors from newer devnet-sdk
 * versions still load). Older versions keep one service per name at chain
 * level, newer ones a list; both are read, the newer is written. The first
 * kurtosis-devnet output (its README) gave a node as `{ "el": "<rpc url>" }`
 * and one `wallets` list for the whole devnet; that is read too.
 *
 * Only what cannot work is refused: a private key that does not match its
 * wallet's address, and an endpoint signalbox talks to that is missing or has
 * no host. Everything signalbox does not read (contract addresses, the chain
 * config, endpoints of other services) is carried unchecked.
 */

/** devnet-sdk writes the chain id as a decimal string (omitted when empty); hand-written files often use a number. */
const ChainId = z.union(
  [
    z.string().regex(/^([1-9]\d*)?$/, 'expected a decimal chain id'),
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  ],
  { error: () => 'expected a chain id: a decimal string or a number' },
)

/**
 * An endpoint: `scheme://host:port` (devnet-sdk's `PortInfo`). The host may be
 * empty on endpoints nobody uses (kurtosis-devnet leaves it so for services
 * that are down); the endpoints signalbox talks to are checked on their own.
 */
export const DevnetSdkPortInfo = z.object({
  host: z.string().nullish(),
  /** Default: `http`. */
  scheme: z.string().nullish(),
  port: z.number().int().min(0).max(65_535).nullish(),
  private_port: z.number().int().min(0).max(65_535).nullish(),
  reverse_proxy_header: z.record(z.string(), z.array(z.string()).nullable()).nullish(),
})
export type DevnetSdkPortInfo = z.infer<typeof DevnetSdkPortInfo>

const Labels = z.record(z.string(), z.string()).nullish()

/** A service (node client, batcher, proxyd…) and its endpoints by name; either may be empty. */
export const DevnetSdkService = z.object({
  name: z.string().nullish(),
  endpoints: z.record(z.string(), DevnetSdkPortInfo.nullable()).nullish(),
  labels: Labels,
})
export type DevnetSdkService = z.infer<typeof DevnetSdkService>

/** A node of a chain: its services by role, `el` (execution client) and `cl` (consensus client) among them. */
export const DevnetSdkNode = z.object({
  /** Newer devnet-sdk versions only, and empty where the writer did not name the node. */
  name: z.string().nullish(),
  services: z.record(z.string(), DevnetSdkService.nullable()).nullish(),
  labels: Labels,
  /** The first kurtosis-devnet output: the execution client's RPC URL itself. */
  el: z.string().nullish(),
})
export type DevnetSdkNode = z.infer<typeof DevnetSdkNode>

/** A wallet, by name in a chain's `wallets` (or an L2's `l1_wallets`). */
export const DevnetSdkWallet = z.object({
  address: HexAddress,
  /** Absent or empty for wallets whose key the devnet does not share; signalbox cannot send from those. */
  private_key: z.string().nullish(),
})
export type DevnetSdkWallet = z.infer<typeof DevnetSdkWallet>

const Wallets = z.record(z.string(), DevnetSdkWallet.nullable()).nullish()

/** A chain: the L1, or the common part of an L2. */
export const DevnetSdkChain = z.object({
  /** Empty or absent: signalbox names the chain `l1` or `l2-<index>`. */
  name: z.string().nullish(),
  /** Absent: learned from the chain's RPC (`eth_chainId`) when the descriptor is loaded. */
  id: ChainId.nullish(),
  /** A list per name (newer), one service per name (older), or a URL (the first kurtosis-devnet output). */
  services: z
    .record(
      z.string(),
      z.union([z.array(DevnetSdkService.nullable()), DevnetSdkService, z.string()]).nullable(),
    )
    .nullish(),
  nodes: z.array(DevnetSdkNode.nullable()).nullish(),
  wallets: Wallets,
  jwt: z.string().nullish(),
  /** go-ethereum's chain config: carried, not read. */
  config: z.unknown().optional(),
  /** Contract addresses: carried, not read (documentation writes `0x...` there). */
  addresses: z.unknown().optional(),
})
export type DevnetSdkChain = z.infer<typeof DevnetSdkChain>

/** An L2 chain, with what it knows of its L1. */
export const DevnetSdkL2Chain = DevnetSdkChain.extend({
  l1_addresses: z.unknown().optional(),
  /** Wallets on the L1 that belong to this L2's deployment. */
  l1_wallets: Wallets,
  /** op-node's rollup config; only `block_time` (whole seconds) is read. */
  rollup_config: z.looseObject({ block_time: z.number().nonnegative().nullish() }).nullish(),
})
export type DevnetSdkL2Chain = z.infer<typeof DevnetSdkL2Chain>

/** A whole devnet-sdk descriptor (`DevnetEnvironment`): one L1, any number of L2s. */
export const DevnetSdkDescriptor = z
  .object({
    /** Empty or absent: signalbox names the devnet after its file. */
    name: z.string().nullish(),
    reverse_proxy_url: z.string().nullish(),
    l1: DevnetSdkChain,
    l2: z.array(DevnetSdkL2Chain.nullable()).nullish(),
    features: z.array(z.string()).nullish(),
    dep_sets: z.unknown().optional(),
    /** The first kurtosis-devnet output: one list of wallets for the whole devnet. */
    wallets: Wallets,
  })
  .superRefine((document, context) => {
    for (const issue of unusableParts(document)) context.addIssue({ code: 'custom', ...issue })
  })
export type DevnetSdkDescriptor = z.infer<typeof DevnetSdkDescriptor>

type Path = PropertyKey[]
type AnyChain = DevnetSdkChain | DevnetSdkL2Chain

function chainsWithPaths(document: {
  l1: DevnetSdkChain
  l2?: Array<DevnetSdkL2Chain | null> | null | undefined
}): Array<[Path, AnyChain]> {
  const chains: Array<[Path, AnyChain]> = [[['l1'], document.l1]]
  for (const [index, chain] of (document.l2 ?? []).entries()) {
    if (chain) chains.push([['l2', index], chain])
  }
  return chains
}

/** Where a chain's RPC comes from, with the path of the endpoint in the document. */
interface RpcSource {
  url: string
  path: Path
  /** Set for a node's execution client; absent for a chain-level service. */
  nodeIndex?: number
  nodeName?: string
}

interface ChainEndpoints {
  nodes: RpcSource[]
  /** The chain's RPC: proxyd's where there is one, else the first node's, else a chain service's `rpc`. */
  rpc: RpcSource | undefined
}

/**
 * The endpoints signalbox talks to on a chain, and the problems with them:
 * every node's execution client needs an RPC endpoint with a host; a chain
 * needs at least one RPC.
 */
function endpointsOf(chain: AnyChain, chainPath: Path): ChainEndpoints & { issues: Issue[] } {
  const issues: Issue[] = []
  const nodes: RpcSource[] = []
  for (const [index, node] of (chain.nodes ?? []).entries()) {
    if (!node) continue
    const nodePath = [...chainPath, 'nodes', index]
    const el = node.services?.el
    if (el) {
      const rpcPath = [...nodePath, 'services', 'el', 'endpoints', 'rpc']
      const url = endpointUrl(el.endpoints?.rpc, rpcPath, issues)
      const nodeName = node.name || el.name || undefined
      if (url) nodes.push({ url, path: rpcPath, nodeIndex: index, ...named(nodeName) })
    } else if (typeof node.el === 'string') {
      const url = legacyUrl(node.el, [...nodePath, 'el'], issues)
      if (url) nodes.push({ url, path: [...nodePath, 'el'], nodeIndex: index, ...named(node.name) })
    }
  }
  const proxyd = firstService(chain.services?.proxyd)
  const proxydHttp = proxyd?.service.endpoints?.http
  let rpc: RpcSource | undefined
  if (proxyd && proxydHttp) {
    const path = [...chainPath, 'services', 'proxyd', ...proxyd.at, 'endpoints', 'http']
    const url = endpointUrl(proxydHttp, path, issues)
    if (url) rpc = { url, path }
  }
  rpc ??= nodes[0]
  if (!rpc && nodes.length === 0) rpc = chainServiceRpc(chain, chainPath, issues)
  if (!rpc && issues.length === 0) {
    issues.push({
      path: [...chainPath, 'nodes'],
      message:
        'no node has an execution client with an RPC endpoint (services.el.endpoints.rpc), and no service of the chain has an rpc endpoint',
    })
  }
  return { nodes, rpc, issues }
}

const named = (name: string | null | undefined) => (name ? { nodeName: name } : {})

/** devnet-sdk's book describes a chain-level service with an `rpc` endpoint (`services.geth`); used when no node has one. */
function chainServiceRpc(chain: AnyChain, chainPath: Path, issues: Issue[]): RpcSource | undefined {
  for (const [name, entry] of Object.entries(chain.services ?? {})) {
    const found = firstService(entry)
    const endpoint = found?.service.endpoints?.rpc
    if (!found || !endpoint) continue
    const path = [...chainPath, 'services', name, ...found.at, 'endpoints', 'rpc']
    const url = endpointUrl(endpoint, path, issues)
    return url ? { url, path } : undefined
  }
  return undefined
}

function firstService(
  entry: DevnetSdkService | Array<DevnetSdkService | null> | string | null | undefined,
): { service: DevnetSdkService; at: Path } | undefined {
  if (Array.isArray(entry)) {
    const index = entry.findIndex((service) => service !== null)
    const service = entry[index]
    return service ? { service, at: [index] } : undefined
  }
  return entry && typeof entry === 'object' ? { service: entry, at: [] } : undefined
}

interface Issue {
  path: Path
  message: string
}

const hostPattern = /^[^\s/?#@]+$/
const schemePattern = /^[a-z][a-z0-9+.-]*$/i

/** The URL of an endpoint signalbox talks to, or undefined with the problem recorded. */
function endpointUrl(
  port: DevnetSdkPortInfo | null | undefined,
  path: Path,
  issues: Issue[],
): string | undefined {
  if (!port) {
    issues.push({ path, message: 'missing: signalbox talks to the chain through this endpoint' })
    return undefined
  }
  if (!port.host) {
    issues.push({
      path: [...path, 'host'],
      message: 'empty: signalbox talks to the chain through this endpoint and needs its host',
    })
    return undefined
  }
  if (!hostPattern.test(port.host)) {
    issues.push({ path: [...path, 'host'], message: 'expected a host name or IP address' })
    return undefined
  }
  if (port.scheme && !schemePattern.test(port.scheme)) {
    issues.push({ path: [...path, 'scheme'], message: 'expected a URL scheme such as http' })
    return undefined
  }
  const scheme = port.scheme || 'http'
  // A bare IPv6 address needs brackets in a URL.
  const host = port.host.includes(':') && !port.host.startsWith('[') ? `[${port.host}]` : port.host
  return `${scheme}://${host}${port.port ? `:${port.port}` : ''}`
}

function legacyUrl(text: string, path: Path, issues: Issue[]): string | undefined {
  if (URL.canParse(text) && /^https?:$/.test(new URL(text).protocol)) return text
  issues.push({ path, message: 'expected the execution client’s RPC URL (http:// or https://)' })
  return undefined
}

const privateKeyPattern = /^(0x)?[0-9a-fA-F]{64}$/

/** A key as signalbox keeps it: 0x-prefixed. */
function normalKey(key: string): `0x${string}` {
  return (key.startsWith('0x') ? key : `0x${key}`) as `0x${string}`
}

/** Every wallet map of the document, with its path. */
function walletMaps(
  document: DevnetSdkDescriptor,
): Array<[Path, Record<string, DevnetSdkWallet | null>]> {
  const maps: Array<[Path, Record<string, DevnetSdkWallet | null>]> = []
  if (document.wallets) maps.push([['wallets'], document.wallets])
  for (const [path, chain] of chainsWithPaths(document)) {
    if (chain.wallets) maps.push([[...path, 'wallets'], chain.wallets])
    if ('l1_wallets' in chain && chain.l1_wallets)
      maps.push([[...path, 'l1_wallets'], chain.l1_wallets])
  }
  return maps
}

/** The address of a key, or undefined for 32 bytes that are not a secp256k1 key (zero, or not below the curve's order). */
function addressOfKey(key: string): string | undefined {
  try {
    return privateKeyToAddress(normalKey(key))
  } catch {
    return undefined
  }
}

/** What cannot work: a key that is not a key or is not its wallet's, and missing endpoints. */
function unusableParts(document: DevnetSdkDescriptor): Issue[] {
  const issues: Issue[] = []
  for (const [path, wallets] of walletMaps(document)) {
    for (const [name, wallet] of Object.entries(wallets)) {
      const key = wallet?.private_key
      if (!wallet || !key) continue
      const keyPath = [...path, name, 'private_key']
      const address = privateKeyPattern.test(key) ? addressOfKey(key) : undefined
      if (!address) {
        issues.push({ path: keyPath, message: 'expected a 32-byte hex private key' })
      } else if (address.toLowerCase() !== wallet.address.toLowerCase()) {
        // The address is public; the key is never quoted.
        issues.push({
          path: keyPath,
          message: `does not match the wallet's address ${wallet.address}`,
        })
      }
    }
  }
  for (const [path, chain] of chainsWithPaths(document))
    issues.push(...endpointsOf(chain, path).issues)
  return issues
}

/** A chain whose descriptor gives no id: the id is to be asked of its RPC. */
export interface ChainRpc {
  /** Where the chain's id is, e.g. `l2[0].id`. */
  idPath: string
  /** Whether the document leaves the id out: then it is learned from the RPC. */
  idMissing: boolean
  /** Where the chain's RPC endpoint is, e.g. `l2[0].nodes[0].services.el.endpoints.rpc`. */
  rpcPath: string
  /** The chain's RPC URL, to ask `eth_chainId`. */
  rpcUrl: string
}

/**
 * Each chain of a devnet-sdk descriptor with the RPC signalbox talks to it
 * through (the one `fromDevnetSdk` makes the chain's), and where both its id
 * and that RPC are in the document. Throws a DevnetInputError like
 * `fromDevnetSdk` for a document that cannot be used.
 */
export function chainRpcs(
  document: unknown,
  options: Pick<FromDevnetSdkOptions, 'source'> = {},
): ChainRpc[] {
  const parsed = parse(document, options.source ?? 'devnet descriptor')
  const chains: ChainRpc[] = []
  for (const [path, chain] of chainsWithPaths(parsed)) {
    const rpc = endpointsOf(chain, path).rpc
    if (!rpc) continue
    chains.push({
      idPath: formatPath([...path, 'id']),
      idMissing: !chain.id,
      rpcPath: formatPath(rpc.path),
      rpcUrl: rpc.url,
    })
  }
  return chains
}

function parse(document: unknown, source: string): DevnetSdkDescriptor {
  return validate(DevnetSdkDescriptor, document, { source, what: 'devnet descriptor' })
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
  /** The devnet's name when the document gives none. Default: `devnet`. */
  defaultName?: string
  /** Chain ids the document leaves out, by path (`l1.id`), as learned from each chain's RPC (see `chainRpcs`). */
  learnedChainIds?: Readonly<Record<string, number>>
}

/**
 * Reads a devnet-sdk descriptor into ours. Throws a DevnetInputError naming
 * the source and every path that cannot be used.
 *
 * - Names: an empty or missing name is `l1` / `l2-<index>` for a chain, the
 *   execution client's name or `<chain>-node-<index>` for a node; a name used
 *   twice gets `-2`, `-3`… A missing chain id comes from `learnedChainIds`.
 * - Each chain's nodes are those with an execution client (`services.el`)
 *   and its `rpc` endpoint; the chain's RPC is its `proxyd` service where
 *   there is one, else the first node's, else a chain service's `rpc`.
 * - Wallets: every wallet with a private key, on whichever chain it is
 *   listed (`wallets`, `l1.wallets`, an L2's `l1_wallets` or `wallets`),
 *   once per address, in the order they are listed. Which chain each funds
 *   is the faucet's to find out (`planSubFunders` reads the balances).
 * - Contract addresses, consensus clients, other services, the JWT and
 *   go-ethereum's chain config have no place in ours and are dropped.
 */
export function fromDevnetSdk(
  document: unknown,
  options: FromDevnetSdkOptions = {},
): DevnetDescriptor {
  const source = options.source ?? 'devnet descriptor'
  const parsed = parse(document, source)
  const learned = options.learnedChainIds ?? {}
  const missingIds: InputIssue[] = []
  const chainNames = new UniqueNames()
  const chains: DevnetChain[] = chainsWithPaths(parsed).map(([path, chain]) => {
    const role: ChainRole = path[0] === 'l1' ? 'l1' : 'l2'
    const name = chainNames.take(chain.name || (role === 'l1' ? 'l1' : `l2-${String(path[1])}`))
    const idPath = formatPath([...path, 'id'])
    const chainId = chain.id ? Number(chain.id) : learned[idPath]
    if (chainId === undefined) {
      missingIds.push({
        path: idPath,
        message: 'missing, and not learned from the chain’s RPC (eth_chainId)',
      })
    }
    return chainFromSdk(chain, path, { name, role, chainId: chainId ?? 0 })
  })
  if (missingIds.length > 0) {
    throw new DevnetInputError(`devnet descriptor ${source} gives no chain id`, {
      source,
      issues: missingIds,
      hint: 'Give each chain its id, or load the descriptor with loadDescriptor, which asks the chain’s RPC.',
    })
  }
  const descriptor = {
    name: parsed.name || options.defaultName || 'devnet',
    backend: options.backend ?? 'descriptor',
    chains,
    wallets: listedWallets(parsed),
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

/** Names made unique by a `-2`, `-3`… suffix. */
class UniqueNames {
  private readonly taken = new Set<string>()
  take(wanted: string): string {
    let name = wanted
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}-${n}`
    this.taken.add(name)
    return name
  }
}

function chainFromSdk(
  chain: AnyChain,
  path: Path,
  identity: { name: string; role: ChainRole; chainId: number },
): DevnetChain {
  const { nodes: sources, rpc } = endpointsOf(chain, path)
  const nodeNames = new UniqueNames()
  const nodes: DevnetNode[] = sources.map((source) => ({
    name: nodeNames.take(source.nodeName ?? `${identity.name}-node-${source.nodeIndex ?? 0}`),
    rpcUrl: source.url,
  }))
  if (!rpc) throw new Error(`internal: chain ${identity.name} passed validation without an RPC`)
  // A chain known only by a chain-level service: that service is its one node.
  if (nodes.length === 0) nodes.push({ name: `${identity.name}-rpc`, rpcUrl: rpc.url })
  const blockTimeSeconds = blockTimeOf(chain)
  return {
    ...identity,
    rpcUrl: rpc.url,
    nodes,
    ...(blockTimeSeconds === undefined ? {} : { blockTimeSeconds }),
  }
}

function blockTimeOf(chain: AnyChain): number | undefined {
  for (const node of chain.nodes ?? []) {
    const label = node?.labels?.[blockTimeLabel]
    if (label !== undefined && Number(label) > 0) return Number(label)
  }
  const fromRollup = 'rollup_config' in chain ? chain.rollup_config?.block_time : undefined
  return fromRollup && fromRollup > 0 ? fromRollup : undefined
}

/**
 * Every wallet the document lists with a key, on whichever chain, once: the
 * faucet funds each chain's tests from those with ether there (the published
 * examples list wallets on the L1 only).
 */
function listedWallets(document: DevnetSdkDescriptor): DevnetWallet[] {
  const listed = (wallets: Record<string, DevnetSdkWallet | null> | null | undefined) =>
    Object.values(wallets ?? {}).filter((wallet) => wallet !== null)
  const l2s = chainsWithPaths(document)
    .slice(1)
    .map(([, chain]) => chain as DevnetSdkL2Chain)
  const kept = new Map<string, DevnetWallet>()
  for (const wallet of [
    ...listed(document.wallets),
    ...listed(document.l1.wallets),
    ...l2s.flatMap((chain) => [...listed(chain.l1_wallets), ...listed(chain.wallets)]),
  ]) {
    const address = wallet.address.toLowerCase()
    if (!wallet.private_key || kept.has(address)) continue
    kept.set(address, { address: wallet.address, privateKey: normalKey(wallet.private_key) })
  }
  return [...kept.values()]
}

/** The JSON devnet-sdk reads; `z.input` because that is what a writer must produce. */
export type DevnetSdkDocument = z.input<typeof DevnetSdkDescriptor>

/**
 * Writes our descriptor in devnet-sdk's format, so tools built on devnet-sdk
 * can use a devnet signalbox started. Needs exactly one L1 chain (devnet-sdk
 * has one `l1`). Every chain lists every wallet as `wallet-<n>` (ours do not
 * say which chain funds each; the faucet reads balances); each node's execution client is `services.el` with
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
