import { basename, extname, resolve } from 'node:path'
import { displayUrl } from '../../core/index.js'
import type { DevnetDescriptor } from '../Descriptor.js'
import type { DevnetBackend } from '../Devnet.js'
import { DevnetInputError } from '../DevnetError.js'
import { type ChainRpc, chainRpcs, fromDevnetSdk } from '../DevnetSdkDescriptor.js'
import { readInputFile } from '../InputDocument.js'

export interface DescriptorDevnetOptions {
  /** Where the document came from, for errors. Default: `devnet descriptor`. */
  source?: string
}

/**
 * Attaches to a devnet someone else runs, described by a devnet-sdk descriptor
 * (already read and parsed: see `loadDescriptor`). Starting validates and
 * maps the document, and asks each chain's RPC for its id (`eth_chainId`):
 * a chain that gives no id learns it so, and an RPC that does not answer is
 * bad input naming its place in the document, as signalbox could test
 * nothing through it. Whether the devnet is healthy is for the health checks
 * to say. `stop()` stops nothing: signalbox did not start it.
 */
export function descriptorDevnet(
  document: unknown,
  options: DescriptorDevnetOptions = {},
): DevnetBackend {
  return {
    name: 'descriptor',
    start: async ({ timeoutMs }) => {
      const descriptor = await attach(document, {
        source: options.source ?? 'devnet descriptor',
        timeoutMs,
      })
      return { descriptor, stop: async () => {} }
    },
  }
}

/**
 * Our descriptor from a devnet-sdk document, each chain's RPC asked for its
 * id, all at once. A chain whose RPC does not answer is an error naming the
 * file and the path of the id it leaves out, or of the RPC endpoint.
 */
async function attach(
  document: unknown,
  options: { source: string; timeoutMs: number; defaultName?: string; everyRpc?: boolean },
): Promise<DevnetDescriptor> {
  const chains = chainRpcs(document, { source: options.source }).filter(
    (chain) => chain.idMissing || options.everyRpc !== false,
  )
  const answers = await Promise.all(chains.map((chain) => askChainId(chain, options.timeoutMs)))
  const unanswered = answers.filter((answer) => 'problem' in answer)
  if (unanswered.length > 0) {
    const idsMissing = unanswered.some(({ chain }) => chain.idMissing)
    throw new DevnetInputError(
      idsMissing
        ? `devnet descriptor ${options.source} gives no chain id, and the chain's RPC did not tell it`
        : `devnet descriptor ${options.source} names a chain RPC that does not answer`,
      {
        source: options.source,
        issues: unanswered.map(({ chain, problem }) => ({
          path: chain.idMissing ? chain.idPath : chain.rpcPath,
          message: problem,
        })),
        hint: idsMissing
          ? 'Start the devnet first, or give each chain its id in the descriptor.'
          : 'Start the devnet first, or point the descriptor at the RPC endpoints it serves.',
      },
    )
  }
  const learnedChainIds = Object.fromEntries(
    answers.flatMap((answer) =>
      'chainId' in answer && answer.chain.idMissing ? [[answer.chain.idPath, answer.chainId]] : [],
    ),
  )
  return fromDevnetSdk(document, {
    source: options.source,
    backend: 'descriptor',
    learnedChainIds,
    ...(options.defaultName ? { defaultName: options.defaultName } : {}),
  })
}

type ChainIdAnswer = { chain: ChainRpc; chainId: number } | { chain: ChainRpc; problem: string }

async function askChainId(chain: ChainRpc, timeoutMs: number): Promise<ChainIdAnswer> {
  const shown = displayUrl(chain.rpcUrl)
  const unanswered = chain.idMissing
    ? `missing, and ${shown} did not answer eth_chainId`
    : `${shown} did not answer eth_chainId`
  try {
    const response = await fetch(chain.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body = (await response.json().catch(() => undefined)) as { result?: unknown } | undefined
    const result = body?.result
    if (typeof result === 'string' && /^0x[0-9a-f]+$/i.test(result) && BigInt(result) > 0n) {
      const chainId = Number(BigInt(result))
      if (Number.isSafeInteger(chainId)) return { chain, chainId }
    }
    return { chain, problem: `${unanswered} with a chain id (HTTP ${response.status})` }
  } catch (cause) {
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError'
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : describeFetchFailure(cause)
    return { chain, problem: `${unanswered}: ${reason.replaceAll(chain.rpcUrl, shown)}` }
  }
}

export interface LoadDescriptorOptions {
  /** Give up fetching a URL, or asking a chain's RPC for its id, after this long. Default: 10 000 ms. */
  timeoutMs?: number
  /** Directory a relative path is resolved against. Default: the process's working directory. */
  cwd?: string
  /**
   * Ask every chain's RPC, and refuse the descriptor when one does not answer.
   * Default: true. With false, only the chains that give no id are asked
   * (`devnet status` reports a held devnet's RPC that does not answer as a
   * failed health check).
   */
  everyRpc?: boolean
}

const isUrl = (source: string) => /^https?:\/\//i.test(source)

/**
 * Reads the devnet-sdk descriptor at a path or an http(s) URL, parses and
 * validates it, asks each chain's RPC for its id (`eth_chainId`: learned where
 * the document gives none), and returns it as ours (`backend: 'descriptor'`), named
 * after the file where the document gives no name. Throws a
 * DevnetInputError naming the source: a missing file, an unreachable URL or
 * one that does not answer in time, text that is not JSON, or a document that
 * does not match the format, with every wrong path, e.g.
 * `l2[0].nodes[0].services.el.endpoints.rpc.port: expected number, received string`.
 */
export async function loadDescriptor(
  source: string,
  options: LoadDescriptorOptions = {},
): Promise<DevnetDescriptor> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const text = isUrl(source)
    ? await fetchText(source, timeoutMs)
    : await readInputFile(resolve(options.cwd ?? process.cwd(), source), {
        source,
        what: 'devnet descriptor',
        hint: 'Pass the path of a devnet-sdk descriptor (JSON) or an http(s) URL serving one.',
      })
  const shown = isUrl(source) ? displayUrl(source) : source
  const defaultName = basename(shown, extname(shown))
  return attach(parseJson(text, shown), {
    source: shown,
    timeoutMs,
    ...(options.everyRpc === false ? { everyRpc: false } : {}),
    ...(defaultName ? { defaultName } : {}),
  })
}

/**
 * A backend that loads the descriptor at a path or URL when started (see
 * `loadDescriptor`) and attaches to the devnet it describes. The start's
 * timeout bounds the fetch. `stop()` stops nothing.
 */
export function descriptorSourceDevnet(
  source: string,
  options: Omit<LoadDescriptorOptions, 'timeoutMs'> = {},
): DevnetBackend {
  return {
    name: 'descriptor',
    start: async ({ timeoutMs }) => ({
      descriptor: await loadDescriptor(source, { ...options, timeoutMs }),
      stop: async () => {},
    }),
  }
}

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  const shown = displayUrl(url)
  let response: Response
  try {
    // fetch refuses URLs with credentials: they travel as a Basic header instead.
    const target = new URL(url)
    const headers: Record<string, string> = {}
    if (target.username || target.password) {
      const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
      target.username = ''
      target.password = ''
    }
    response = await fetch(target, {
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    })
  } catch (cause) {
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError'
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : describeFetchFailure(cause)
    // The reason may quote the URL; only its redacted form is shown.
    throw new DevnetInputError(
      `cannot fetch devnet descriptor ${shown}: ${reason.replaceAll(url, shown)}`,
      {
        source: shown,
        hint: 'Check that the URL is right and the server that serves the descriptor is up.',
      },
    )
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw new DevnetInputError(`cannot fetch devnet descriptor ${shown}: HTTP ${response.status}`, {
      source: shown,
    })
  }
  return response.text()
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is in its cause. */
function describeFetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    // V8's message quotes the text around the error, which may be a private
    // key: keep only where it is.
    const position = /position (\d+)/.exec(String(error))?.[1]
    const where = position === undefined ? '' : ` (at ${lineAndColumn(text, Number(position))})`
    throw new DevnetInputError(`devnet descriptor ${source} is not valid JSON${where}`, { source })
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n')
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`
}
