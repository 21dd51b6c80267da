import type { DevnetDescriptor } from './Descriptor.js'

/** A devnet that is up: what it is, and how to stop what signalbox started of it. */
export interface Devnet {
  readonly descriptor: DevnetDescriptor
  /** Stops what this backend started; attaching backends stop nothing. Safe to call twice. */
  stop(): Promise<void>
}

export interface StartOptions {
  /** How long the whole start may take before it is abandoned and cleaned up. */
  timeoutMs: number
}

/** One way of getting a devnet: every backend starts (or attaches to) one and returns it. */
export interface DevnetBackend {
  /** Short name shown in reports, e.g. `embedded`. */
  readonly name: string
  start(options: StartOptions): Promise<Devnet>
}
