import { spawn } from 'node:child_process'
import { createPublicClient, http } from 'viem'
import type { ChainRole } from '../../core/index.js'
import type { DevnetChain, DevnetDescriptor, DevnetNode } from '../Descriptor.js'
import type { Devnet, DevnetBackend, StartOptions } from '../Devnet.js'
import { DevnetStartError } from '../DevnetError.js'
import { lastLines, redactOutput, stopProcess } from '../Process.js'
import { deriveWallets, devMnemonic } from '../Wallets.js'

/** Environment variable naming the kurtosis CLI. */
export const kurtosisBinEnv = 'SIGNALBOX_KURTOSIS_BIN'

/** The package `argsFile` is run with. */
export const optimismPackage = 'github.com/ethpandaops/optimism-package'

export interface KurtosisOptions {
  /** The enclave to discover (or, with `argsFile`, to create). */
  enclave: string
  /**
   * Create the enclave first: `kurtosis run --enclave <enclave> <package> --args-file <argsFile>`,
   * and remove it on stop (`kurtosis enclave rm -f <enclave>`). Default: none, attach to a running enclave.
   */
  argsFile?: string
  /** Package run with `argsFile`. Default: `github.com/ethpandaops/optimism-package`. */
  packageLocator?: string
  /** The kurtosis CLI. Default: `$SIGNALBOX_KURTOSIS_BIN`, else `kurtosis` on the PATH. */
  bin?: string
  /**
   * The descriptor's wallets: the first `count` accounts of `mnemonic`. They
   * must be funded on every chain (the `wallets-funded` health check says
   * whether they are). Default: the dev mnemonic, 10 accounts.
   */
  wallets?: { mnemonic?: string; count?: number }
  /** Environment for the CLI and `SIGNALBOX_KURTOSIS_BIN`. Default: `process.env`. */
  env?: NodeJS.ProcessEnv
}

/**
 * A devnet in a Kurtosis enclave (optimism-package on ethereum-package),
 * discovered through the kurtosis CLI: `kurtosis enclave inspect` lists the
 * services, `kurtosis port print … rpc` gives each execution client's RPC URL,
 * `eth_chainId` the chain ids.
 *
 * - L1 nodes: ethereum-package's execution clients, `el-<n>-<el>-<cl>` (e.g. `el-1-geth-lighthouse`).
 * - L2 nodes: optimism-package's, `op-el-<network id>-<participant>-<type>`
 *   (e.g. `op-el-2151908-1-op-geth`), one chain per network id, named `l2`
 *   when there is one L2 and `l2-<network id>` when there are several.
 *   Sequencer-builders (`op-elbuilder-…`) are not nodes of the chain.
 * - Only RUNNING services are taken. Block times are estimated from the last
 *   blocks' timestamps (absent while a chain has fewer than three blocks).
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
  const clients = services.flatMap((service) => {
    const kind = classifyService(service.name)
    return kind ? [{ name: service.name, role: kind.role, networkId: kind.networkId ?? '' }] : []
  })
  // The table is in UUID order; by name, el-1 comes before el-2.
  clients.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
  const l1Services = clients.filter((client) => client.role === 'l1')
  const l2Services = clients.filter((client) => client.role === 'l2')
  if (l1Services.length === 0 || l2Services.length === 0) {
    throw new DevnetStartError(
      `kurtosis enclave ${enclave} has no running ${l1Services.length === 0 ? 'L1 (el-…)' : 'L2 (op-el-<network id>-…)'} execution client`,
      {
        details: `Running services: ${services.map((service) => service.name).join(', ') || 'none'}`,
        hint: 'signalbox looks for ethereum-package’s el-<n>-… and optimism-package’s op-el-<network id>-… services.',
      },
    )
  }

  const rpcUrls = new Map(
    await Promise.all(
      clients.map(async ({ name }) => [name, await portUrl(cli, enclave, name)] as const),
    ),
  )
  const nodeOf = (name: string): DevnetNode => ({ name, rpcUrl: rpcUrls.get(name) as string })

  const groups: Array<{ role: ChainRole; networkId?: string; nodes: DevnetNode[] }> = [
    { role: 'l1', nodes: l1Services.map(({ name }) => nodeOf(name)) },
  ]
  const networkIds = [...new Set(l2Services.map(({ networkId }) => networkId))].sort(
    (a, b) => Number(a) - Number(b),
  )
  for (const networkId of networkIds) {
    const nodes = l2Services
      .filter((service) => service.networkId === networkId)
      .map(({ name }) => nodeOf(name))
    groups.push({ role: 'l2', networkId, nodes })
  }

  const chains = await Promise.all(
    groups.map(async (group): Promise<DevnetChain> => {
      const [first] = group.nodes as [DevnetNode]
      const { chainId, blockTimeSeconds } = await probeChain(first, cli.remainingMs())
      const name =
        group.role === 'l1' ? 'l1' : networkIds.length === 1 ? 'l2' : `l2-${group.networkId}`
      return {
        name,
        role: group.role,
        chainId,
        rpcUrl: first.rpcUrl,
        nodes: group.nodes,
        ...(blockTimeSeconds === undefined ? {} : { blockTimeSeconds }),
      }
    }),
  )
  return {
    name: enclave,
    backend: 'kurtosis',
    chains,
    wallets: deriveWallets(options.wallets?.mnemonic ?? devMnemonic, options.wallets?.count ?? 10),
  }
}

async function portUrl(cli: KurtosisCli, enclave: string, service: string): Promise<string> {
  const printed = await cli.run(['port', 'print', enclave, service, 'rpc'])
  const url = printed.stdout.trim()
  if (printed.code !== 0 || !/^https?:\/\/\S+$/.test(url)) {
    throw cliFailed(`kurtosis has no rpc port for ${service} in enclave ${enclave}`, printed)
  }
  return url
}

/** Chain id, and the block time estimated from the last (up to) ten blocks. */
async function probeChain(
  node: DevnetNode,
  timeoutMs: number,
): Promise<{ chainId: number; blockTimeSeconds?: number }> {
  const client = createPublicClient({
    transport: http(node.rpcUrl, {
      timeout: Math.max(500, Math.min(timeoutMs, 5_000)),
      retryCount: 1,
      batch: true,
    }),
    cacheTime: 0,
  })
  try {
    const [chainId, head] = await Promise.all([client.getChainId(), client.getBlockNumber()])
    // Block 0's timestamp is the genesis time, often long before block 1: start at 1.
    if (head < 3n) return { chainId }
    const from = head - 10n > 1n ? head - 10n : 1n
    const [latest, earlier] = await Promise.all([
      client.getBlock({ blockNumber: head }),
      client.getBlock({ blockNumber: from }),
    ])
    const seconds = Number(latest.timestamp - earlier.timestamp) / Number(head - from)
    return seconds > 0 ? { chainId, blockTimeSeconds: Math.round(seconds * 10) / 10 } : { chainId }
  } catch (cause) {
    throw new DevnetStartError(
      `the RPC of kurtosis service ${node.name} (${node.rpcUrl}) does not answer`,
      {
        hint: 'Check the service with `kurtosis service logs <enclave> <service>`.',
        cause,
      },
    )
  }
}

/** A service of `kurtosis enclave inspect`'s "User Services" table. */
export interface EnclaveService {
  name: string
  /** `RUNNING`, `STOPPED`… */
  status: string
}

/**
 * The services of `kurtosis enclave inspect <enclave>`'s output: its "User
 * Services" table has a row per service (UUID, name, first port, status) and
 * a continuation line per further port.
 */
export function parseEnclaveInspect(output: string): EnclaveService[] {
  const lines = output.split('\n')
  const start = lines.findIndex((line) => /=+\s*User Services\s*=+/.test(line))
  if (start === -1) return []
  const services: EnclaveService[] = []
  for (const line of lines.slice(start + 1)) {
    if (/^=+/.test(line.trim())) break
    const row = /^([0-9a-f]{12,64})\s+(\S+)\s/.exec(line)
    if (!row) continue
    services.push({ name: row[2] as string, status: line.trim().split(/\s+/).at(-1) ?? '' })
  }
  return services
}

/** Which chain a service is an execution client of, by its name; undefined for every other service. */
export function classifyService(name: string): { role: ChainRole; networkId?: string } | undefined {
  const l2 = /^op-el-(\d+)-./.exec(name)
  if (l2) return { role: 'l2', networkId: l2[1] as string }
  if (/^el-\d+-./.test(name)) return { role: 'l1' }
  return undefined
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
