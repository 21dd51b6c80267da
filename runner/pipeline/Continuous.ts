import type { Devnet, DevnetBackend } from '../../devnet/Devnet.js'

/** How one iteration of a continuous run ended. */
export type IterationEnd =
  | { type: 'finished'; exitCode: number }
  /** It broke off without results; the loop goes on. */
  | { type: 'failed'; error: unknown }

export interface ContinuousOptions {
  /** The devnet kept up for every iteration: started once, stopped at the end. */
  devnet: DevnetBackend
  /** From the start of one iteration to the start of the next, in ms; an iteration that takes longer is followed at once. */
  everyMs: number
  /** How long the devnet may take to start. Default: 60 000 ms. */
  startTimeoutMs?: number
  /** Aborting it ends the loop: the iteration under way is interrupted, the devnet stopped. */
  signal?: AbortSignal
  /**
   * One iteration against the devnet kept up (`held`: a backend whose start
   * returns it and whose stop leaves it up). Its exit code ends up as the
   * loop's when it is the last; a throw is the iteration failing.
   */
  iterate: (held: DevnetBackend, iteration: number) => Promise<number>
  /** Hears how each iteration ended, a failed one included. Default: none. */
  onIterationEnd?: (end: IterationEnd, iteration: number) => void
  /** Waits `ms` or until `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>
  /** The clock, in ms. Default: `Date.now`. */
  nowMs?: () => number
}

export interface ContinuousOutcome {
  iterations: number
  /** Iterations that broke off without results. */
  failed: number
  /** The last iteration's exit code; 2 when none finished or the last broke off. */
  exitCode: number
}

/**
 * `signalbox run --every`: starts the devnet once and runs an iteration on it
 * every `everyMs` until `signal` aborts. An iteration that throws is reported
 * to `onIterationEnd` and counted, and the loop goes on: a failure never stops
 * it silently. The devnet is stopped however the loop ends. A devnet that
 * cannot start throws (there is nothing to run against).
 */
export async function runContinuously(options: ContinuousOptions): Promise<ContinuousOutcome> {
  const { signal } = options
  const sleep = options.sleep ?? sleepUnlessAborted
  const nowMs = options.nowMs ?? Date.now
  const devnet = await options.devnet.start({ timeoutMs: options.startTimeoutMs ?? 60_000 })
  const outcome: ContinuousOutcome = { iterations: 0, failed: 0, exitCode: 2 }
  try {
    const held = heldBackend(options.devnet.name, devnet)
    while (!signal?.aborted) {
      const iteration = outcome.iterations + 1
      const startedAt = nowMs()
      let end: IterationEnd
      try {
        end = { type: 'finished', exitCode: await options.iterate(held, iteration) }
      } catch (error) {
        end = { type: 'failed', error }
      }
      outcome.iterations = iteration
      if (end.type === 'failed') outcome.failed++
      outcome.exitCode = end.type === 'finished' ? end.exitCode : 2
      options.onIterationEnd?.(end, iteration)
      const wait = startedAt + options.everyMs - nowMs()
      if (wait > 0) await sleep(wait, signal)
    }
  } finally {
    await devnet.stop()
  }
  return outcome
}

/** The devnet kept up, as a backend each iteration's run may start and stop: stopping leaves it up. */
function heldBackend(name: string, devnet: Devnet): DevnetBackend {
  return {
    name,
    start: async () => ({ descriptor: devnet.descriptor, stop: async () => {} }),
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
