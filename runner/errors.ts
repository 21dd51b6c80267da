/**
 * Errors a person acts on. Every layer's errors (runner, gates, devnet) carry
 * the same fields — `shortMessage`, `details`, `hint`, `exitCode` — so the CLI
 * shows them all the same way; devnet/ and gates/ define their own classes
 * because they may import nothing of ours.
 */
export interface UserFacingError {
  shortMessage: string
  details?: string | undefined
  hint?: string | undefined
  exitCode: number
}

/** Base of the runner's own errors. */
export class SignalboxError extends Error implements UserFacingError {
  override name = 'SignalboxError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly hint: string | undefined
  readonly exitCode: number = 2

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

/** The command line asks for something that does not exist or does not fit. */
export class UsageError extends SignalboxError {
  override name = 'UsageError'
}

/** A file or folder the user pointed at is missing or malformed. */
export class InputError extends SignalboxError {
  override name = 'InputError'
}

/** The run started but could not complete: its verdict is `error`. */
export class RunError extends SignalboxError {
  override name = 'RunError'
}

/** Whether `error` is one of ours, meant to be shown to a person without a stack. */
export function isUserFacing(error: unknown): error is Error & UserFacingError {
  return (
    error instanceof Error &&
    typeof (error as Partial<UserFacingError>).shortMessage === 'string' &&
    typeof (error as Partial<UserFacingError>).exitCode === 'number'
  )
}

/**
 * The text the CLI prints for an error: ours as message, details and hint;
 * anything else is a bug in signalbox, shown with its stack.
 */
export function formatError(error: unknown): string {
  if (isUserFacing(error)) return `error: ${explainError(error)}`
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return `internal error: this is a bug in signalbox, please report it with the text below.\n\n${stack}`
}

/** One of our errors as a person reads it: the message, then details and hint. */
export function explainError(error: UserFacingError): string {
  return [error.shortMessage, error.details, error.hint && `hint: ${error.hint}`]
    .filter(Boolean)
    .join('\n\n')
}

/** Exit code for an error: its own, or 2 for bugs. */
export function exitCodeOf(error: unknown): number {
  return isUserFacing(error) ? error.exitCode : 2
}
