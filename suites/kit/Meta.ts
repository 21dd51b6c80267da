import type { Severity } from '../../core/index.js'
import type { DevnetDescriptor } from '../../devnet/Descriptor.js'
import type { FaucetProvision } from './Faucet.js'

/** Severity a test declares for its own failure (the Release Readiness Process' matrix). */
export type DeclaredSeverity = Severity

/**
 * What a test or describe block tells signalbox about itself, through vitest's
 * task meta: `describe('x', { meta: { severity: 'SEV1', owner: 'bridge' } }, …)`.
 * A describe's meta is inherited by its tests; a test's own wins.
 */
export interface SignalboxMeta {
  /** What a failure of this test would mean on mainnet. Default: unclassified (the gate decides, SEV1 unless a rule says otherwise). */
  severity?: DeclaredSeverity
  /** Team or person who owns the test and fixes what it finds. */
  owner?: string
  /** The feature the test belongs to. Default: the test file's folder under the suites root. */
  feature?: string
}

/** Keys under which the runner provides data to the test workers (vitest's `provide`/`inject`). */
export const providedKeys = {
  devnet: 'signalbox:devnet',
  faucet: 'signalbox:faucet',
} as const

declare module '@vitest/runner' {
  interface TaskMeta extends SignalboxMeta {}
}

declare module 'vitest' {
  interface ProvidedContext {
    'signalbox:devnet': DevnetDescriptor
    /** The faucet accounts of the test workers, funded by the run (it holds keys: never write it anywhere). */
    'signalbox:faucet': FaucetProvision
  }
}
