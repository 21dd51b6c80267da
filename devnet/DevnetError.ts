/**
 * Errors of the devnet layer. Like every error signalbox shows a person, each
 * has a one-line `shortMessage`, optional `details` and `hint`, and the exit
 * code the CLI ends with.
 */
export class DevnetError extends Error {
  override name = 'DevnetError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly hint: string | undefined
  /** A devnet that could not be had means the run could not decide. */
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

/** A devnet process or container did not come up. */
export class DevnetStartError extends DevnetError {
  override name = 'DevnetStartError'
}
