export interface WaitOptions {
  /** Give up after this long. Default: 10 000 ms. */
  timeoutMs?: number
  /** Time between checks. Default: 100 ms. */
  intervalMs?: number
  /** Stops waiting when aborted: pass the test's `signal` so a timed-out test stops polling. */
  signal?: AbortSignal
  /** Says what was awaited, for the error when the wait times out. */
  description?: string
}

/** Thrown when a condition did not hold in time. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError'
}

/**
 * Calls `check` until it returns a value other than `undefined`/`false`, and
 * returns that value. Errors thrown by `check` propagate at once.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 100, signal, description = 'condition' } = options
  const deadline = Date.now() + timeoutMs
  for (;;) {
    signal?.throwIfAborted()
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${description}`)
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())), signal)
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', aborted)
      resolve()
    }
    function aborted() {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', aborted, { once: true })
  })
}
