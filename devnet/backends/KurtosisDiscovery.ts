import { z } from 'zod'

/**
 * The pure core of kurtosis discovery: what the kurtosis CLI prints, read into
 * plain data, and which services are which chain's execution clients. No I/O;
 * `Kurtosis.ts` runs the CLI and the RPCs around it.
 *
 * Where each format comes from (kurtosis-tech/kurtosis, ethpandaops/*):
 * - `enclave inspect`: cli/cli/commands/enclave/inspect/user_services.go and
 *   cli/cli/helpers/user_services/user_services.go (a row per service sorted by
 *   name, one line per port sorted by port id: `<id>: <number>/<transport>`,
 *   then ` -> [<application protocol>://]<ip>:<public number>` while it runs).
 * - `port print`: cli/cli/commands/port/print/print.go prints
 *   `[<protocol>://]127.0.0.1:<port>`; the scheme only when the port has an
 *   application protocol, and ethereum-package declares its EL `rpc` and
 *   `ws-rpc` ports without one (src/shared_utils/shared_utils.star `get_port_specs`).
 * - `service inspect -o json` (kurtosis ≥ 1.7.0): cli/cli/commands/service/inspect/inspect.go
 *   marshals api/golang/core/lib/services/service_config_builder.go `ServiceConfig`
 *   (`image`, `ports`, `public_ports`, `labels`, …, every field but `image` omitted when empty).
 */

/** A service of `kurtosis enclave inspect`'s "User Services" table. */
export interface EnclaveService {
  name: string
  /** `RUNNING`, `STOPPED`… */
  status: string
  /** The ids of its ports (`rpc`, `ws-rpc`, `engine-rpc`…), in the table's order. */
  ports: string[]
}

// The CLI colours its table headers on a terminal (output_printers/table_printer.go).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are control characters
const ansiEscape = /\u001b\[[0-9;]*m/g
const portLine = /^([A-Za-z0-9_.-]+): \d+\/[a-z]+/

/**
 * The services of `kurtosis enclave inspect <enclave>`'s output: its "User
 * Services" table has a row per service (UUID, name, first port, status) and
 * a continuation line per further port.
 */
export function parseEnclaveInspect(output: string): EnclaveService[] {
  const lines = output.replace(ansiEscape, '').split('\n')
  const start = lines.findIndex((line) => /=+\s*User Services\s*=+/.test(line))
  if (start === -1) return []
  const services: EnclaveService[] = []
  for (const line of lines.slice(start + 1)) {
    if (/^=+/.test(line.trim())) break
    const row = /^([0-9a-f]{12,64})\s+(\S+)\s+(.*?)\s*$/.exec(line)
    if (row) {
      const rest = row[3] as string
      const status = rest.split(/\s+/).at(-1) ?? ''
      const port = portLine.exec(rest)
      services.push({ name: row[2] as string, status, ports: port ? [port[1] as string] : [] })
      continue
    }
    const more = portLine.exec(line.trim())
    const current = services.at(-1)
    if (more && current && /^\s/.test(line)) current.ports.push(more[1] as string)
  }
  return services
}

/**
 * What signalbox reads of `kurtosis service inspect <enclave> <service> -o json`:
 * the service's labels (optimism-package ≥ 1.3 sets `op.kind`, `op.network.id`,
 * `op.network.participant.index`…; src/el/input_parser.star). The rest of the
 * document is left alone.
 */
export const ServiceInspectJson = z.object({
  image: z.string(),
  labels: z.record(z.string(), z.string()).optional(),
})
export type ServiceInspectJson = z.infer<typeof ServiceInspectJson>

/**
 * The labels in `kurtosis service inspect -o json`'s output, or undefined when
 * it is not that document (an older CLI, or another error).
 */
export function parseServiceLabels(output: string): Record<string, string> | undefined {
  let document: unknown
  try {
    document = JSON.parse(output)
  } catch {
    return undefined
  }
  const parsed = ServiceInspectJson.safeParse(document)
  if (!parsed.success) return undefined
  return parsed.data.labels ?? {}
}

/**
 * The port a node's JSON-RPC is on: `rpc`, or `ws-rpc` where there is no `rpc`.
 * ethereum-package's erigon and nimbus-eth1 expose only `ws-rpc`, and serve
 * HTTP JSON-RPC on that same port (src/el/erigon/erigon_launcher.star: `--http
 * --http.port=8545 --ws`; src/el/nimbus-eth1/nimbus_launcher.star: `--http-port=8545
 * --rpc --ws`, and its el context's `rpc_http_url` is `http://<service>:8545`).
 */
export function rpcPortOf(ports: readonly string[]): 'rpc' | 'ws-rpc' | undefined {
  if (ports.includes('rpc')) return 'rpc'
  if (ports.includes('ws-rpc')) return 'ws-rpc'
  return undefined
}

/**
 * The HTTP URL of what `kurtosis port print … <port>` printed:
 * `127.0.0.1:52002` (a port without application protocol) or
 * `http://127.0.0.1:32960`. A `ws-rpc` port printed as `ws://`/`wss://`
 * serves HTTP too (see `rpcPortOf`), so it becomes `http://`/`https://`.
 * Undefined for anything else.
 */
export function httpUrlOfPrintedPort(printed: string, port: 'rpc' | 'ws-rpc'): string | undefined {
  const text = printed.trim()
  const hostPort = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(text)
  if (!scheme) return hostPort.test(text) ? `http://${text}` : undefined
  const [, protocol, rest] = scheme as unknown as [string, string, string]
  if (!hostPort.test(rest.replace(/\/$/, ''))) return undefined
  const address = rest.replace(/\/$/, '')
  const http = { http: 'http', https: 'https' } as Record<string, string>
  const ws = { ws: 'http', wss: 'https' } as Record<string, string>
  const mapped =
    http[protocol.toLowerCase()] ?? (port === 'ws-rpc' ? ws[protocol.toLowerCase()] : undefined)
  return mapped ? `${mapped}://${address}` : undefined
}

/** Which chain an execution client belongs to. */
export type ExecutionClient =
  | { role: 'l1'; name: string }
  | {
      role: 'l2'
      name: string
      /** Services with the same key are nodes of one chain. */
      chainKey: string
      /** How the service was placed: by its labels or by its name. */
      by: 'labels' | 'name'
      /** The participant index, for the order of the chain's nodes (absent where the name has none). */
      participant?: number
    }

// optimism-package's consensus client types before 1.3 (the only part of a
// legacy EL name that ends the EL type: EL types include custom ones).
// 1.0.0 and 1.2.0: src/el_cl_launcher.star; April 2025 (aa14baf): the same file.
const legacyClTypes = '(?:op-node|hildr|kona-node)'

/**
 * Which execution client a service is, or undefined for every other service.
 *
 * With optimism-package's labels (≥ 1.3), `op.kind` = `el` is an L2 node of
 * network `op.network.id` (Optimism's kurtosis-devnet groups L2 services the
 * same way, kurtosis-devnet/pkg/kurtosis/endpoints.go); builders are `elbuilder`.
 * Without labels, by the name each generation gave its services:
 * - 1.0: `op-el-<participant>-<el>-<cl>`, one L2 per enclave;
 * - 1.1–1.2: `op-el-<participant>-<el>-<cl>-<chain name>`;
 * - April 2025 (aa14baf, #227): `op-el-<network id>-<participant>-<el>-<cl>-<chain name>`;
 * - 1.3, 1.4, main: `op-el-<network id>-<participant name>-<el>`.
 * Builders (`op-el-builder-…`, `op-elbuilder-…`) are not nodes of the chain.
 * L1: ethereum-package's `el-<n>-<el>-<cl>`.
 */
export function classifyExecutionClient(
  name: string,
  labels?: Record<string, string>,
): ExecutionClient | undefined {
  if (labels?.['op.kind'] !== undefined) {
    const network = labels['op.network.id']
    if (labels['op.kind'] !== 'el' || !network) return undefined
    const index = Number(labels['op.network.participant.index'])
    return {
      role: 'l2',
      name,
      chainKey: `network ${network}`,
      by: 'labels',
      ...(Number.isInteger(index) ? { participant: index } : {}),
    }
  }
  if (/^el-\d+-./.test(name)) return { role: 'l1', name }
  const l2 = /^op-el-(\d+)-(.+)$/.exec(name)
  if (!l2) return undefined
  const [, first, rest] = l2 as unknown as [string, string, string]
  const byName = (chainKey: string, participant?: string) => ({
    role: 'l2' as const,
    name,
    chainKey,
    by: 'name' as const,
    ...(participant === undefined ? {} : { participant: Number(participant) }),
  })
  const april2025 = new RegExp(`^(\\d+)-.+?-${legacyClTypes}-(.+)$`).exec(rest)
  if (april2025) return byName(`network ${first}`, april2025[1])
  const named = new RegExp(`^.+?-${legacyClTypes}-(.+)$`).exec(rest)
  if (named) return byName(`chain name ${named[1]}`, first)
  if (new RegExp(`^.+-${legacyClTypes}$`).test(rest)) return byName('the only L2', first)
  return byName(`network ${first}`)
}
