import { InputError } from '../core/index.js'

/**
 * A gates or readiness file that cannot be used: a gate that cannot be read
 * cannot judge a run, so the run could not decide (exit 2).
 */
export class GateConfigError extends InputError {
  override name = 'GateConfigError'
}

/** A gate was asked for by a name the gates file does not define. */
export class UnknownGateError extends GateConfigError {
  override name = 'UnknownGateError'
}

/** A gate inherits from a gate that does not exist, or inheritance goes round in a cycle. */
export class GateInheritanceError extends GateConfigError {
  override name = 'GateInheritanceError'
}

/**
 * A readiness file judged strictly has entries that match nothing (a slip in
 * a test id, say): nothing is decided or written rather than judge without them.
 */
export class UnmatchedReadinessError extends GateConfigError {
  override name = 'UnmatchedReadinessError'
}
