import { resolve } from 'node:path'
import { displayUrl } from '../../core/index.js'
import type { DevnetDescriptor } from '../Descriptor.js'
import type { DevnetBackend } from '../Devnet.js'
import { DevnetInputError } from '../DevnetError.js'
import { fromDevnetSdk } from '../DevnetSdkDescriptor.js'
import { readInputFile } from '../InputDocument.js'

export interface DescriptorDevnetOptions {
  /** Where the document came from, for errors. Default: `devnet descriptor`. */
  source?: string
}

/**
 * Attaches to a devnet someone else runs, described by a devnet-sdk descriptor
 * (already read and parsed: see `loadDescriptor`). Starting only validates and
 * maps the document; whether the devnet answers is for the health checks to
 * say. `stop()` stops nothing: signalbox did not start it.
 */
export function descriptorDevnet(
  document: unknown,
  options: DescriptorDevnetOptions = {},
): DevnetBackend {
  return {
    name: 'descriptor',
    start: async () => {
      const descriptor = fromDevnetSdk(document, {
        backend: 'descriptor',
        ...(options.source ? { source: options.source } : {}),
      })
      return { descriptor, stop: async () => {} }
    },
  }
}

export interface LoadDescriptorOptions {
  /** Give up fetching a URL after this long. Default: 10 000 ms. */
  timeoutMs?: number
  /** Directory a relative path is resolved against. Default: the process's working directory. */
  cwd?: string
}

const isUrl = (source: string) => /^https?:\/\//i.test(source)

/**
 * Reads the devnet-sdk descriptor at a path or an http(s) URL, parses and
 * validates it, and returns it as ours (`backend: 'descriptor'`). Throws a
 * DevnetInputError naming the source: a missing file, an unreachable URL or
 * one that does not answer in time, text that is not JSON, or a document that
 * does not match the format, with every wrong path, e.g.
 * `l2[0].nodes[0].services.el.endpoints.rpc.port: expected number, received string`.
 */
export async function loadDescriptor(
  source: string,
  options: LoadDescriptorOptions = {},
): Promise<DevnetDescriptor> {
  const text = isUrl(source)
    ? await fetchText(source, options.timeoutMs ?? 10_000)
    : await readInputFile(resolve(options.cwd ?? process.cwd(), source), {
        source,
        what: 'devnet descriptor',
        hint: 'Pass the path of a devnet-sdk descriptor (JSON) or an http(s) URL serving one.',
      })
  const shown = isUrl(source) ? displayUrl(source) : source
  return fromDevnetSdk(parseJson(text, shown), { source: shown, backend: 'descriptor' })
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
