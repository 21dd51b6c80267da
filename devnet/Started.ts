/**
 * What the backends start on this machine, announced as it starts and stops,
 * so that whoever keeps the books (the runner's ledger in `.signalbox/`) can
 * remove it should this process die before stopping it. The backends know
 * nothing of the ledger; without a listener an announcement is dropped.
 */

/** Something a backend started that outlives this process unless stopped. */
export type StartedThing =
  | {
      kind: 'process'
      /** What it is, e.g. `anvil l1`. */
      name: string
      pid: number
    }
  | {
      kind: 'containers'
      /** The devnet's id: every container carries it in the `signalbox.devnet` label. */
      devnetId: string
      /** The Docker network the devnet's containers share, once created. */
      networkId?: string
    }

/** The key an announcement is filed under: a later one with the same key replaces it. */
export function keyOf(thing: StartedThing): string {
  return thing.kind === 'process' ? `process:${thing.pid}` : `containers:${thing.devnetId}`
}

export interface StartedListener {
  started(thing: StartedThing): void
  stopped(thing: StartedThing): void
}

const listeners = new Set<StartedListener>()

/** Hears every start and stop announced in this process from now on; returns the unsubscribe. */
export function listenToStarts(listener: StartedListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Announces that `thing` was started (or, again with the same key, that it changed). Called synchronously after the start, before any await. */
export function announceStarted(thing: StartedThing): void {
  for (const listener of listeners) listener.started(thing)
}

/** Announces that `thing` is stopped and gone. */
export function announceStopped(thing: StartedThing): void {
  for (const listener of listeners) listener.stopped(thing)
}
