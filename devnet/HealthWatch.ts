import type { HealthCheck } from '../core/index.js'
import type { DevnetChain, DevnetDescriptor } from './Descriptor.js'

/**
 * The devnet's health while the tests run: a node that stops answering or a
 * chain whose head stops moving during the run is a failed check (a SEV0
 * finding), with the time it happened and the tests that were running then.
 * Health before the run is `checkHealth`'s; this is what happens after it.
 *
 * The decisions are pure (`HealthLedger`): the watch feeds it what each poll
 * saw, and reads the checks from it at the end.
 */

/** Checks made while the tests run, as `HealthCheck.check` names them. */
export const watchCheckNames = ['rpc-answering-during-run', 'head-advancing-during-run'] as const

export interface HealthWatchOptions {
  /** Time between two polls of every node. Default: 500 ms. */
  intervalMs?: number
  /** Timeout of each poll. Default: 2 000 ms. */
  rpcTimeoutMs?: number
  /** A node failing every poll for this long is down. Default: 3 000 ms. */
  downAfterMs?: number
  /**
   * A chain with a block time whose head has not moved for this long has
   * halted. Default: five block times, at least 5 000 ms.
   */
  haltAfterMs?: (chain: DevnetChain) => number
  /** The ids of the tests running now; named in a failure's detail. */
  runningTests?: () => readonly string[]
  /** The clock. Default: the system clock. */
  now?: () => Date
  /** Reads a node's head; throws when the node does not answer. Default: `eth_blockNumber` over HTTP. */
  readHead?: (rpcUrl: string, timeoutMs: number) => Promise<bigint>
}

export interface HealthWatch {
  /** Polls once more, stops, and returns the checks: one per node and one per chain with a block time. */
  stop(): Promise<HealthCheck[]>
}

/** What one poll of one node saw. */
export type Observation =
  | { chain: string; node: string; at: Date; head: bigint }
  | { chain: string; node: string; at: Date; error: string }

interface NodeRecord {
  chain: string
  node: string
  polls: number
  /** Since when every poll has failed, with the first error; undefined while it answers. */
  failingSince: { at: Date; error: string; running: readonly string[] } | undefined
  /** The first time it was down: failing for `downAfterMs` or more. */
  down: { at: Date; error: string; running: readonly string[] } | undefined
}

interface ChainRecord {
  chain: string
  nodes: NodeRecord[]
  haltAfterMs: number | undefined
  first: bigint | undefined
  head: bigint | undefined
  movedAt: Date | undefined
  halted: { at: Date; head: bigint; running: readonly string[] } | undefined
}

/** The pure core of the watch: observations in, checks out. */
export class HealthLedger {
  readonly #nodes = new Map<string, NodeRecord>()
  readonly #chains = new Map<string, ChainRecord>()
  readonly #downAfterMs: number
  readonly #startedAt: Date

  constructor(
    chains: ReadonlyArray<Pick<DevnetChain, 'name' | 'nodes'> & { haltAfterMs?: number }>,
    options: { downAfterMs: number; startedAt: Date },
  ) {
    this.#downAfterMs = options.downAfterMs
    this.#startedAt = options.startedAt
    for (const chain of chains) {
      const nodes = chain.nodes.map(
        (node): NodeRecord => ({
          chain: chain.name,
          node: node.name,
          polls: 0,
          failingSince: undefined,
          down: undefined,
        }),
      )
      for (const node of nodes) this.#nodes.set(keyOf(chain.name, node.node), node)
      this.#chains.set(chain.name, {
        chain: chain.name,
        nodes,
        haltAfterMs: chain.haltAfterMs,
        first: undefined,
        head: undefined,
        movedAt: undefined,
        halted: undefined,
      })
    }
  }

  /** Records one poll of one node; `running` are the tests running at that moment. */
  observe(observation: Observation, running: readonly string[] = []): void {
    const node = this.#nodes.get(keyOf(observation.chain, observation.node))
    const chain = this.#chains.get(observation.chain)
    if (!node || !chain) return
    node.polls += 1
    if ('error' in observation) {
      node.failingSince ??= { at: observation.at, error: observation.error, running }
      const failingMs = observation.at.getTime() - node.failingSince.at.getTime()
      if (!node.down && failingMs >= this.#downAfterMs) node.down = node.failingSince
      return
    }
    node.failingSince = undefined
    if (chain.head === undefined || observation.head > chain.head) {
      chain.first ??= observation.head
      chain.head = observation.head
      chain.movedAt = observation.at
    }
  }

  /** Records the passing of time for the chains' halt clocks, with the tests running now. */
  tick(at: Date, running: readonly string[] = []): void {
    for (const chain of this.#chains.values()) {
      if (chain.haltAfterMs === undefined || chain.halted) continue
      // With no node answering, no head can be seen: that is the nodes' finding, not a halt.
      if (chain.nodes.every((node) => node.failingSince !== undefined)) continue
      const since = chain.movedAt ?? this.#startedAt
      if (at.getTime() - since.getTime() >= chain.haltAfterMs) {
        chain.halted = { at: since, head: chain.head ?? 0n, running }
      }
    }
  }

  /** The checks: a node down or a chain halted at any time during the run is a failure. */
  checks(at: Date): HealthCheck[] {
    const seconds = ((at.getTime() - this.#startedAt.getTime()) / 1000).toFixed(1)
    const checks: HealthCheck[] = []
    for (const node of this.#nodes.values()) {
      const base = { check: 'rpc-answering-during-run', chain: node.chain, node: node.node }
      // A node still failing at the end is down, however short the run.
      const down = node.down ?? node.failingSince
      checks.push(
        down
          ? {
              ...base,
              ok: false,
              detail: `stopped answering at ${down.at.toISOString()} (${down.error})${runningDetail(down.running)}`,
            }
          : { ...base, ok: true, detail: `answered ${node.polls} polls over ${seconds} s` },
      )
    }
    for (const chain of this.#chains.values()) {
      if (chain.haltAfterMs === undefined) continue
      const base = { check: 'head-advancing-during-run', chain: chain.chain }
      checks.push(
        chain.halted
          ? {
              ...base,
              ok: false,
              detail: `head stopped at ${chain.halted.head} at ${chain.halted.at.toISOString()} (no new block for ${chain.haltAfterMs} ms)${runningDetail(chain.halted.running)}`,
            }
          : {
              ...base,
              ok: true,
              detail: `head ${chain.first ?? '?'} → ${chain.head ?? '?'} over ${seconds} s`,
            },
      )
    }
    return checks
  }
}

/** How many running tests a failure's detail names before it says "and N more". */
const namedTests = 5

function runningDetail(running: readonly string[]): string {
  if (running.length === 0) return '; no test was running'
  const named = running.slice(0, namedTests).join(', ')
  const more = running.length > namedTests ? ` and ${running.length - namedTests} more` : ''
  return `; tests running then: ${named}${more}`
}

function keyOf(chain: string, node: string): string {
  return JSON.stringify([chain, node])
}

/**
 * Starts watching every node of the devnet: each is polled every
 * `intervalMs` until `stop()`, which polls once more and returns the checks.
 * Never throws for an unhealthy devnet. Details name nodes and times, never
 * an RPC URL or a key.
 */
export function watchHealth(
  descriptor: DevnetDescriptor,
  options: HealthWatchOptions = {},
): HealthWatch {
  const now = options.now ?? (() => new Date())
  const intervalMs = options.intervalMs ?? 500
  const rpcTimeoutMs = options.rpcTimeoutMs ?? 2_000
  const readHead = options.readHead ?? readHeadOverHttp
  const running = options.runningTests ?? (() => [])
  const haltAfterMs =
    options.haltAfterMs ??
    ((chain: DevnetChain) => Math.max(5_000, 5 * (chain.blockTimeSeconds ?? 0) * 1_000))
  const ledger = new HealthLedger(
    descriptor.chains.map((chain) => ({
      name: chain.name,
      nodes: chain.nodes,
      // A chain that mines on demand makes blocks only when sent transactions: a still head is no halt.
      ...(chain.blockTimeSeconds === undefined ? {} : { haltAfterMs: haltAfterMs(chain) }),
    })),
    { downAfterMs: options.downAfterMs ?? 3_000, startedAt: now() },
  )

  const pollAll = async (): Promise<void> => {
    await Promise.all(
      descriptor.chains.flatMap((chain) =>
        chain.nodes.map(async (node) => {
          const base = { chain: chain.name, node: node.name }
          try {
            const head = await readHead(node.rpcUrl, rpcTimeoutMs)
            ledger.observe({ ...base, at: now(), head }, running())
          } catch (error) {
            ledger.observe({ ...base, at: now(), error: describePollError(error) }, running())
          }
        }),
      ),
    )
    ledger.tick(now(), running())
  }

  let stopped = false
  let wake: (() => void) | undefined
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now()
      await pollAll()
      const wait = Math.max(0, intervalMs - (performance.now() - started))
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, wait).unref()
      })
    }
  })()

  return {
    async stop() {
      stopped = true
      wake?.()
      await loop
      // The end of the run is checked too: a node that died in the last test is no pass.
      await pollAll()
      return ledger.checks(now())
    },
  }
}

async function readHeadOverHttp(rpcUrl: string, timeoutMs: number): Promise<bigint> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  const body = (await response.json()) as { result?: unknown; error?: { message?: unknown } }
  if (typeof body.result !== 'string') {
    throw new Error(
      `no block number in the answer${body.error ? `: ${String(body.error.message)}` : ''}`,
    )
  }
  return BigInt(body.result)
}

/** A poll's failure in a few words, without the URL (it may carry credentials). */
function describePollError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error.name === 'TimeoutError') return 'no answer in time'
  const cause = (error as { cause?: { code?: unknown } }).cause
  if (cause && typeof cause.code === 'string') return cause.code
  return error.message.split('\n')[0] ?? error.message
}
