import type { ChildProcess } from 'node:child_process'

/**
 * What the backends share about the processes and containers they run (anvil,
 * the kurtosis CLI, a chain's container): the last lines of their output for
 * an error, and how a process is stopped.
 */

/** How many lines of output a failed start shows. */
const tailLines = 20
const stopGraceMs = 2_000

/** The last `count` lines of `text`, or `(no output)` when it is blank. */
export function lastLines(text: string, count = tailLines): string {
  return text.trimEnd().split('\n').slice(-count).join('\n') || '(no output)'
}

/**
 * The last characters a process or container wrote, kept within a bound.
 * Pushing costs the chunk, not the bound: a node logs for as long as it runs.
 */
export class OutputTail {
  #chunks: string[] = []
  #length = 0
  constructor(readonly limit: number) {}

  push(chunk: string): void {
    this.#chunks.push(chunk)
    this.#length += chunk.length
    while (this.#chunks.length > 1 && this.#length - (this.#chunks[0]?.length ?? 0) >= this.limit) {
      this.#length -= this.#chunks.shift()?.length ?? 0
    }
  }

  /** The last `limit` characters written. */
  text(): string {
    return this.#chunks.join('').slice(-this.limit)
  }

  lastLines(count = tailLines): string {
    return lastLines(this.text(), count)
  }
}

/** Stops a child process: SIGTERM, then SIGKILL if it lingers. Resolves once it has exited; safe to call twice. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
