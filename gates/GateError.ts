/**
 * Errors of the gates layer. Like every error signalbox shows a person, each
 * has a one-line `shortMessage`, optional `details` and `hint`, and the exit
 * code the CLI ends with. The shape copies devnet/'s errors on purpose:
 * gates/ may import nothing else of ours.
 */
export class GateConfigError extends Error {
  override name = 'GateConfigError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly hint: string | undefined
  /** A gate that cannot be read cannot judge a run: the run could not decide. */
  readonly exitCode = 2

  constructor(
    shortMessage: string,
    options: { details?: string; hint?: string; cause?: unknown } = {},
  ) {
    super([shortMessage, options.details].filter(Boolean).join('\n\n'), { cause: options.cause })
    this.shortMessage = shortMessage
    this.details = options.details
    this.hint = options.hint
  }
}

/** A gate was asked for by a name the gates file does not define. */
export class UnknownGateError extends GateConfigError {
  override name = 'UnknownGateError'
}

/** A gate inherits from a gate that does not exist, or inheritance goes round in a cycle. */
export class GateInheritanceError extends GateConfigError {
  override name = 'GateInheritanceError'
}
