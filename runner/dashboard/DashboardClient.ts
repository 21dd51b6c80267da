import { displayUrl, InputError, type Results } from '../../core/index.js'
import { RunSummary, Signoff } from '../../reports/history/Records.js'

/**
 * A shared dashboard, seen from a CI job or a laptop: push a run's results,
 * record a sign-off. Every call carries the token; nothing it says names the
 * token or the URL's credentials.
 */
export interface DashboardClientOptions {
  /** The dashboard's base URL, e.g. `https://signalbox.example.org`. */
  url: string
  /** A token the dashboard made (`signalbox token create`); scope `push`, or `signoff` to sign off. */
  token: string
  /** How long one request may take. Default: 30 000 ms. */
  timeoutMs?: number
}

export class DashboardClient {
  readonly #base: URL
  readonly #token: string
  readonly #timeoutMs: number

  constructor(options: DashboardClientOptions) {
    this.#base = dashboardUrl(options.url)
    this.#token = options.token
    this.#timeoutMs = options.timeoutMs ?? 30_000
  }

  /** Pushes a run; answers its summary as the dashboard stored it. */
  async push(
    results: Results,
    meta: { release?: string | undefined; branch?: string | undefined } = {},
  ): Promise<RunSummary> {
    const body = { results, ...withoutUndefined(meta) }
    return RunSummary.parse(await this.#post('/api/runs', body))
  }

  /** Records Platforms' sign-off of one gate of a stored run. */
  async signoff(
    runId: string,
    signoff: { gate: string; by: string; notes?: string | undefined },
  ): Promise<Signoff> {
    const path = `/api/runs/${encodeURIComponent(runId)}/signoffs`
    return Signoff.parse(await this.#post(path, withoutUndefined(signoff)))
  }

  async #post(path: string, body: unknown): Promise<unknown> {
    const target = new URL(path, this.#base)
    const shown = displayUrl(target.href)
    let response: Response
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.#token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
    } catch (cause) {
      throw new InputError(`cannot reach the dashboard at ${shown}: ${reasonOf(cause)}`, {
        hint: 'Check --to and that the dashboard (`signalbox serve`) is up.',
      })
    }
    const text = await response.text()
    if (response.ok) return JSON.parse(text) as unknown
    throw new InputError(`the dashboard at ${shown} refused: HTTP ${response.status}`, {
      details: messageOf(text),
      ...(response.status === 401 || response.status === 403
        ? { hint: 'Pass a token the dashboard made with the right scope (SIGNALBOX_TOKEN).' }
        : {}),
    })
  }
}

/** A dashboard URL, or an InputError naming the option. */
export function dashboardUrl(url: string, option = '--to'): URL {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed
  } catch {}
  throw new InputError(`${option} takes the dashboard's http(s) URL, got "${displayUrl(url)}"`)
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time'
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
}

/** The dashboard's own error message, where its body has one. */
function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown }
    if (typeof parsed.message === 'string') return parsed.message
  } catch {}
  return body.slice(0, 500)
}
