import type { ChildProcess } from 'node:child_process'
import { createRedactor } from '../core/index.js'

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
 * What a process or container wrote, fit to show: every 0x-prefixed 32-byte
 * hex string and each of `secrets` (default: none) redacted. Dev nodes print
 * their accounts' private keys when they start, anvil its mnemonic too.
 */
export function redactOutput(text: string, secrets: readonly string[] = []): string {
  return createRedactor({ secrets, everyHexKey: true })(text)
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
