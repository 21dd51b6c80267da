import { spawn } from 'node:child_process'
import type { Address } from 'viem'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import type { ChainRole } from '../../core/index.js'
import type { DevnetChain, DevnetDescriptor, DevnetNode, DevnetWallet } from '../Descriptor.js'
import type { Devnet, DevnetBackend, StartOptions } from '../Devnet.js'
import { DevnetStartError } from '../DevnetError.js'
import { lastLines, redactOutput, stopProcess } from '../Process.js'
import { deriveWallets, devMnemonic } from '../Wallets.js'
import {
  classifyExecutionClient,
  type EnclaveService,
  httpUrlOfPrintedPort,
  parseEnclaveInspect,
  parseServiceLabels,
  rpcPortOf,
} from './KurtosisDiscovery.js'

/** Environment variable naming the kurtosis CLI. */
export const kurtosisBinEnv = 'SIGNALBOX_KURTOSIS_BIN'

/** The package `argsFile` is run with, unless `packageLocator` says another. */
export const optimismPackage = 'github.com/ethpandaops/optimism-package'

export interface KurtosisOptions {
  /** The enclave to discover (or, with `argsFile`, to create). */
  enclave: string
  /**
   * Create the enclave first: `kurtosis run --enclave <enclave> <package> --args-file <argsFile>`,
   * and remove it on stop (`kurtosis enclave rm -f <enclave>`). An enclave of
   * that name that exists already is never run into nor removed: the start
   * fails instead. Default: none, attach to a running enclave (never removed).
   */
  argsFile?: string
  /**
   * Package run with `argsFile`, as `kurtosis run` takes it; pin a version with
   * `@<ref>` (e.g. `github.com/ethpandaops/optimism-package@1.4.0`).
   * Default: `github.com/ethpandaops/optimism-package` (its default branch).
   */
  packageLocator?: string
  /** The kurtosis CLI. Default: `$SIGNALBOX_KURTOSIS_BIN`, else `kurtosis` on the PATH. */
  bin?: string
  /**
   * The descriptor's wallets: the first `count` accounts of `mnemonic`, taken
   * as they are (the faucet reads which chains each has ether on, and a run
   * fails naming a chain where none has). Default: read from the enclave, see
   * `kurtosisDevnet`.
   */
  wallets?: { mnemonic?: string; count?: number }
  /** Environment for the CLI and `SIGNALBOX_KURTOSIS_BIN`. Default: `process.env`. */
  env?: NodeJS.ProcessEnv
}

/**
 * ethereum-package's default genesis mnemonic (`network_params.preregistered_validator_keys_mnemonic`,
 * src/package_io/constants.star `DEFAULT_MNEMONIC`), for enclaves whose genesis
 * artifact cannot be read. Public knowledge; still redacted like any secret.
 */
export const ethereumPackageDefaultMnemonic =
  'giant issue aisle success illegal bike spike question tent bar rely arctic volcano long crawl hungry vocal artwork sniff fantasy very lucky have athlete'

/**
 * The accounts an enclave funds, where each is published:
 * - L1: the first 21 accounts (m/44'/60'/0'/0/i) of the genesis mnemonic
 *   (ethereum-package src/prefunded_accounts/get_prefunded_accounts.star,
 *   `num_of_keys=21`), which ethereum-genesis-generator writes into the
 *   `el_cl_genesis_data` files artifact as `mnemonics.yaml` (its entrypoint.sh
 *   `gen_cl_config`; Optimism's kurtosis-devnet reads it from there too,
 *   kurtosis-devnet/pkg/kurtosis/sources/deployer/deployer.go).
 * - L2: with `fund_dev_accounts` (optimism-package's default), op-deployer's
 *   L2 genesis funds the 30 dev accounts of the test mnemonic
 *   (packages/contracts-bedrock/scripts/L2Genesis.s.sol `devAccounts`;
 *   kurtosis-devnet's deployer.go `getDevWallets` lists the same 30). The
 *   op-deployer wallets of `op-deployer-configs/wallets.json` (batcher,
 *   proposer, sequencer, challenger; optimism-package static_files/scripts/fund.sh)
 *   are the chain operators' and are never handed to the suites: a test sending
 *   from the batcher's key would race its nonces.
 */
const genesisArtifact = 'el_cl_genesis_data'
const genesisMnemonicFile = 'mnemonics.yaml'
const l1PrefundedCount = 21
const l2DevAccountCount = 30

/**
 * A devnet in a Kurtosis enclave (optimism-package on ethereum-package),
 * discovered through the kurtosis CLI, on every optimism-package generation
 * (1.0 to 1.4 and main):
 *
 * - `kurtosis enclave inspect` lists the services and their ports; only
 *   RUNNING services are taken.
 * - L1 nodes: ethereum-package's execution clients, `el-<n>-<el>-<cl>`.
 * - L2 nodes: optimism-package's execution clients, placed on their chain by
 *   their labels where the enclave has them (`kurtosis service inspect -o json`,
 *   optimism-package ≥ 1.3 and kurtosis ≥ 1.7) and by their name otherwise
 *   (`classifyExecutionClient`). One chain per group, named `l2` when there is
 *   one L2 and `l2-<chain id>` when there are several. Every node must answer
 *   `eth_chainId` with its chain's id.
 * - RPC URLs: `kurtosis port print … rpc` (or `ws-rpc` where there is no `rpc`:
 *   erigon, nimbus), with or without a scheme.
 * - Wallets: the accounts the enclave publishes (see above) that have a
 *   balance on at least one chain, unless `wallets` names them; the faucet
 *   funds each chain's tests from those with ether there. A chain where none
 *   has a balance fails the start, named.
 * - Block times are estimated from the last blocks' timestamps (absent while a
 *   chain has fewer than three blocks).
 */
export function kurtosisDevnet(options: KurtosisOptions): DevnetBackend {
  return {
    name: 'kurtosis',
    start: (startOptions) => startKurtosis(options, startOptions),
  }
}

async function startKurtosis(
  options: KurtosisOptions,
  { timeoutMs }: StartOptions,
): Promise<Devnet> {
  const deadline = Date.now() + timeoutMs
  const env = options.env ?? process.env
  const cli = new KurtosisCli(options.bin ?? (env[kurtosisBinEnv] || 'kurtosis'), env, deadline)
  const { enclave } = options

  let created = false
  const remove = async () => {
    if (!created) return
    created = false
    // Removing must not be cut short by the start's deadline.
    await new KurtosisCli(cli.bin, env, Date.now() + 120_000)
      .run(['enclave', 'rm', '-f', enclave])
      .catch(() => {})
  }

  try {
    if (options.argsFile) {
      // `kurtosis run --enclave <name>` runs into an enclave of that name when
      // there is one; signalbox would then remove on stop what it did not make.
      const existing = await cli.run(['enclave', 'inspect', enclave])
      if (existing.code === 0) {
        throw new DevnetStartError(`kurtosis enclave ${enclave} exists already`, {
          hint: `signalbox creates (and later removes) only enclaves that do not exist yet. Attach to this one without --kurtosis-args, or name another enclave.`,
        })
      }
      created = true
      const ran = await cli.run([
        'run',
        '--enclave',
        enclave,
        options.packageLocator ?? optimismPackage,
        '--args-file',
        options.argsFile,
      ])
      if (ran.code !== 0) throw cliFailed(`kurtosis run of enclave ${enclave} failed`, ran)
    }
    const descriptor = await discover(cli, enclave, options)
    return { descriptor, stop: remove }
  } catch (error) {
    await remove()
    throw error
  }
}

async function discover(
  cli: KurtosisCli,
  enclave: string,
  options: KurtosisOptions,
): Promise<DevnetDescriptor> {
  const inspected = await cli.run(['enclave', 'inspect', enclave])
  if (inspected.code !== 0) {
    throw cliFailed(
      `kurtosis enclave ${enclave} could not be inspected`,
      inspected,
      'List the enclaves with `kurtosis enclave ls`.',
    )
  }
  const services = parseEnclaveInspect(inspected.stdout).filter(
    (service) => service.status === 'RUNNING',
  )
  const labelled = await Promise.all(
    services.map(async (service) => ({
      service,
      labels: service.name.startsWith('op-el')
        ? await labelsOf(cli, enclave, service.name)
        : undefined,
    })),
  )
  const clients = labelled.flatMap(({ service, labels }) => {
    const client = classifyExecutionClient(service.name, labels)
    return client ? [{ client, service }] : []
  })
  const l1Clients = clients.filter(({ client }) => client.role === 'l1')
  const l2Clients = clients.filter(({ client }) => client.role === 'l2')
  if (l1Clients.length === 0 || l2Clients.length === 0) {
    throw new DevnetStartError(
      `kurtosis enclave ${enclave} has no running ${l1Clients.length === 0 ? 'L1 (el-…)' : 'L2 (op-el-…)'} execution client`,
      {
        details: `Running services: ${services.map((service) => service.name).join(', ') || 'none'}`,
        hint: 'signalbox looks for ethereum-package’s el-<n>-… and optimism-package’s op-el-… services.',
      },
    )
  }

  const rpcUrls = new Map(
    await Promise.all(
      clients.map(
        async ({ service }) => [service.name, await rpcUrlOf(cli, enclave, service)] as const,
      ),
    ),
  )
  const nodeOf = (name: string): DevnetNode => ({ name, rpcUrl: rpcUrls.get(name) as string })

  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })
  const groups: Array<{ role: ChainRole; nodes: DevnetNode[] }> = [
    {
      role: 'l1',
      nodes: l1Clients
        .map(({ client }) => client.name)
        .sort(byName)
        .map(nodeOf),
    },
  ]
  const l2Keys = [
    ...new Set(l2Clients.map(({ client }) => (client.role === 'l2' ? client.chainKey : ''))),
  ]
  for (const key of l2Keys) {
    const members = l2Clients
      .map(({ client }) => client)
      .filter((client) => client.role === 'l2' && client.chainKey === key)
      .sort((a, b) => {
        const order = (client: typeof a) => (client.role === 'l2' ? (client.participant ?? 0) : 0)
        return order(a) - order(b) || byName(a.name, b.name)
      })
    groups.push({ role: 'l2', nodes: members.map(({ name }) => nodeOf(name)) })
  }

  const probed = await Promise.all(
    groups.map(async (group) => {
      const chainIds = await Promise.all(
        group.nodes.map((node) => chainIdOf(node, cli.remainingMs())),
      )
      const differing = group.nodes.filter((_, index) => chainIds[index] !== chainIds[0])
      if (differing.length > 0) {
        throw new DevnetStartError(
          `the nodes signalbox took for one chain of kurtosis enclave ${enclave} are on different chains`,
          {
            details: group.nodes
              .map((node, index) => `${node.name}: chain id ${chainIds[index]}`)
              .join('\n'),
            hint: 'Name the services as optimism-package does, or label them (op.kind, op.network.id).',
          },
        )
      }
      const [first] = group.nodes as [DevnetNode]
      return {
        ...group,
        chainId: chainIds[0] as number,
        ...(await blockTimeOf(first, cli.remainingMs())),
      }
    }),
  )
  const l2s = probed.filter((group) => group.role === 'l2').sort((a, b) => a.chainId - b.chainId)
  const seen = new Set<number>()
  for (const group of [...probed.filter((group) => group.role === 'l1'), ...l2s]) {
    if (seen.has(group.chainId)) {
      throw new DevnetStartError(
        `kurtosis enclave ${enclave} has two groups of nodes on chain ${group.chainId}`,
        {
          details: probed
            .map(
              (each) =>
                `${each.role} ${each.chainId}: ${each.nodes.map((node) => node.name).join(', ')}`,
            )
            .join('\n'),
        },
      )
    }
    seen.add(group.chainId)
  }
  const chains = [...probed.filter((group) => group.role === 'l1'), ...l2s].map(
    (group): DevnetChain => {
      const [first] = group.nodes as [DevnetNode]
      return {
        name: group.role === 'l1' ? 'l1' : l2s.length === 1 ? 'l2' : `l2-${group.chainId}`,
        role: group.role,
        chainId: group.chainId,
        rpcUrl: first.rpcUrl,
        nodes: group.nodes,
        ...(group.blockTimeSeconds === undefined
          ? {}
          : { blockTimeSeconds: group.blockTimeSeconds }),
      }
    },
  )
  return {
    name: enclave,
    backend: 'kurtosis',
    chains,
    wallets: options.wallets
      ? deriveWallets(options.wallets.mnemonic ?? devMnemonic, options.wallets.count ?? 10)
      : await fundedWallets(cli, enclave, chains),
  }
}

/** The service's labels; undefined where the CLI cannot say (kurtosis < 1.7 has no `-o json`). */
async function labelsOf(
  cli: KurtosisCli,
  enclave: string,
  service: string,
): Promise<Record<string, string> | undefined> {
  const inspected = await cli.run(['service', 'inspect', enclave, service, '-o', 'json'])
  return inspected.code === 0 ? parseServiceLabels(inspected.stdout) : undefined
}

async function rpcUrlOf(
  cli: KurtosisCli,
  enclave: string,
  service: EnclaveService,
): Promise<string> {
  const port = rpcPortOf(service.ports)
  if (!port) {
    throw new DevnetStartError(
      `kurtosis service ${service.name} in enclave ${enclave} has no rpc or ws-rpc port`,
      { details: `Its ports: ${service.ports.join(', ') || 'none'}` },
    )
  }
  const printed = await cli.run(['port', 'print', enclave, service.name, port])
  const url = printed.code === 0 ? httpUrlOfPrintedPort(printed.stdout, port) : undefined
  if (!url) {
    throw new DevnetStartError(
      `kurtosis gave no HTTP address for the ${port} port of ${service.name} in enclave ${enclave}`,
      {
        details: `\`kurtosis ${printed.args.join(' ')}\` exited with ${printed.code}:\n${tail(printed.stdout + printed.stderr)}`,
      },
    )
  }
  return url
}

/** A client of one node; viem is loaded with the first (a command that discovers no enclave does not pay for it). */
async function rpcClient(node: DevnetNode, timeoutMs: number) {
  const { createPublicClient, http } = await import('viem')
  return createPublicClient({
    transport: http(node.rpcUrl, {
      timeout: Math.max(500, Math.min(timeoutMs, 5_000)),
      retryCount: 1,
      batch: true,
    }),
    cacheTime: 0,
  })
}

function unreachable(node: DevnetNode, cause: unknown): DevnetStartError {
  return new DevnetStartError(
    `the RPC of kurtosis service ${node.name} (${node.rpcUrl}) does not answer`,
    { hint: 'Check the service with `kurtosis service logs <enclave> <service>`.', cause },
  )
}

async function chainIdOf(node: DevnetNode, timeoutMs: number): Promise<number> {
  try {
    return await (await rpcClient(node, timeoutMs)).getChainId()
  } catch (cause) {
    throw unreachable(node, cause)
  }
}

/** The block time estimated from the last (up to) ten blocks. */
async function blockTimeOf(
  node: DevnetNode,
  timeoutMs: number,
): Promise<{ blockTimeSeconds?: number }> {
  const client = await rpcClient(node, timeoutMs)
  try {
    const head = await client.getBlockNumber()
    // Block 0's timestamp is the genesis time, often long before block 1: start at 1.
    if (head < 3n) return {}
    const from = head - 10n > 1n ? head - 10n : 1n
    const [latest, earlier] = await Promise.all([
      client.getBlock({ blockNumber: head }),
      client.getBlock({ blockNumber: from }),
    ])
    const seconds = Number(latest.timestamp - earlier.timestamp) / Number(head - from)
    return seconds > 0 ? { blockTimeSeconds: Math.round(seconds * 10) / 10 } : {}
  } catch (cause) {
    throw unreachable(node, cause)
  }
}

/**
 * The accounts the enclave publishes that have a balance on at least one
 * chain: the L1 genesis mnemonic's prefunded accounts, then the L2 dev
 * accounts. A stock enclave funds the first on the L1 only and the second on
 * the L2s only; the faucet funds each chain's tests from its own.
 *
 * @throws DevnetStartError naming every chain where none has a balance.
 */
async function fundedWallets(
  cli: KurtosisCli,
  enclave: string,
  chains: DevnetChain[],
): Promise<DevnetWallet[]> {
  const genesis = await cli.run(['files', 'inspect', enclave, genesisArtifact, genesisMnemonicFile])
  const genesisMnemonic =
    (genesis.code === 0 ? parseGenesisMnemonic(genesis.stdout) : undefined) ??
    ethereumPackageDefaultMnemonic
  // One entry per address: a genesis mnemonic set to the test mnemonic derives the same accounts.
  const candidates = [
    ...new Map(
      [
        ...deriveWallets(genesisMnemonic, l1PrefundedCount),
        ...deriveWallets(devMnemonic, l2DevAccountCount),
      ].map((wallet) => [wallet.address.toLowerCase(), wallet]),
    ).values(),
  ]
  const balances = await Promise.all(
    chains.map(async (chain) => {
      const [node] = chain.nodes as [DevnetNode]
      const client = await rpcClient(node, cli.remainingMs())
      try {
        return await Promise.all(
          candidates.map((wallet) => client.getBalance({ address: wallet.address as Address })),
        )
      } catch (cause) {
        throw unreachable(node, cause)
      }
    }),
  )
  const fundedOn = (chainIndex: number) =>
    candidates.filter((_, index) => (balances[chainIndex]?.[index] ?? 0n) > 0n).length
  const unfunded = chains.filter((_, chainIndex) => fundedOn(chainIndex) === 0)
  if (unfunded.length > 0) {
    const names = unfunded.map((chain) => chain.name).join(' and ')
    throw new DevnetStartError(
      `no account that kurtosis enclave ${enclave} publishes has a balance on ${names}`,
      {
        details: chains
          .map(
            (chain, index) =>
              `${chain.name}: ${fundedOn(index)} of the ${candidates.length} accounts have a balance`,
          )
          .join('\n'),
        hint: `The L1 funds its genesis mnemonic's first ${l1PrefundedCount} accounts (${genesisArtifact}/${genesisMnemonicFile}); the L2s fund the dev accounts of the test mnemonic (fund_dev_accounts). Fund one of them on ${names} (ethereum_package.network_params.prefunded_accounts on the L1, fund_dev_accounts on an L2), or give signalbox a mnemonic funded there.`,
      },
    )
  }
  return candidates.filter((_, index) => balances.some((chain) => (chain[index] ?? 0n) > 0n))
}

/**
 * The first mnemonic of ethereum-genesis-generator's `mnemonics.yaml`
 * (a list of `{mnemonic, start, count, …}`; its config-example/cl/mnemonics.yaml),
 * as `kurtosis files inspect` prints it; undefined when it holds none.
 */
export function parseGenesisMnemonic(text: string): string | undefined {
  let document: unknown
  try {
    document = parseYaml(text)
  } catch {
    return undefined
  }
  const parsed = z
    .array(z.object({ mnemonic: z.string().min(1) }))
    .min(1)
    .safeParse(document)
  return parsed.success ? parsed.data[0]?.mnemonic.trim() : undefined
}

interface CliResult {
  args: string[]
  code: number | null
  stdout: string
  stderr: string
}

class KurtosisCli {
  constructor(
    readonly bin: string,
    readonly env: NodeJS.ProcessEnv,
    readonly deadline: number,
  ) {}

  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now())
  }

  run(args: string[]): Promise<CliResult> {
    const timeoutMs = this.remainingMs()
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
      })
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8')
      })
      const timer = setTimeout(() => {
        void stopProcess(child)
        reject(
          new DevnetStartError(
            `kurtosis ${args.slice(0, 2).join(' ')} did not finish within ${timeoutMs} ms`,
            {
              details: tail(stdout + stderr),
              hint: 'Raise the start timeout; a first `kurtosis run` pulls many images.',
            },
          ),
        )
      }, timeoutMs)
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        reject(
          error.code === 'ENOENT'
            ? new DevnetStartError(`the kurtosis CLI was not found (${this.bin})`, {
                hint: `Install it (https://docs.kurtosis.com/install) or set ${kurtosisBinEnv} to its path.`,
                cause: error,
              })
            : new DevnetStartError(
                `the kurtosis CLI (${this.bin}) could not be run: ${error.message}`,
                { cause: error },
              ),
        )
      })
      child.once('close', (code) => {
        clearTimeout(timer)
        resolve({ args, code, stdout, stderr })
      })
    })
  }
}

function cliFailed(shortMessage: string, result: CliResult, hint?: string): DevnetStartError {
  return new DevnetStartError(shortMessage, {
    details: `\`kurtosis ${result.args.join(' ')}\` exited with ${result.code}:\n${tail(result.stderr || result.stdout)}`,
    ...(hint ? { hint } : {}),
  })
}

function tail(text: string): string {
  return lastLines(redactOutput(text))
}
