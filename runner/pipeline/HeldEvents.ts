import type { RunEvent } from '../../core/index.js'

/**
 * A run's events held back until a decision: the suites start while the
 * devnet's health checks finish, and what they report is passed on only once
 * the checks pass, in the order it came, or dropped if they fail.
 */
export class HeldEvents {
  readonly #emit: (event: RunEvent) => void
  /** Undefined once released or dropped. */
  #held: RunEvent[] | undefined = []
  #dropped = false

  constructor(emit: (event: RunEvent) => void) {
    this.#emit = emit
  }

  /** Passes `event` on once released; holds it until then; forgets it once dropped. */
  push(event: RunEvent): void {
    if (this.#dropped) return
    if (this.#held) this.#held.push(event)
    else this.#emit(event)
  }

  /** Passes on every held event, and every later one as it comes. */
  release(): void {
    const held = this.#held ?? []
    this.#held = undefined
    for (const event of held) this.#emit(event)
  }

  /** Forgets every held event and every later one. */
  drop(): void {
    this.#held = undefined
    this.#dropped = true
  }
}
