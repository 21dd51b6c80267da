import { ExitCode } from './ExitCode.js'

/** One problem found in a document, at a path inside it. */
export interface InputIssue {
  /** Where in the document, e.g. `l2[0].nodes[0].services.el.endpoints.rpc.port`; empty for the document itself. */
  path: string
  message: string
}

/** What every signalbox error may carry besides its short message. */
export interface SignalboxErrorOptions {
  /** More lines: what exactly is wrong, every place it is wrong. */
  details?: string | undefined
  /** What the person can do about it. */
  hint?: string | undefined
  cause?: unknown
}

/**
 * The one error class signalbox shows a person: a one-line `shortMessage`,
 * optional `details` and `hint`, and the exit code the CLI ends with. Every
 * folder's errors are subclasses of it, one per condition, so the CLI knows
 * them by `instanceof` and anything else is a bug in signalbox.
 */
export class SignalboxError extends Error {
  override name = 'SignalboxError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly hint: string | undefined
  /** Default: 2, the run could not decide. */
  readonly exitCode: ExitCode = ExitCode.error

  constructor(shortMessage: string, options: SignalboxErrorOptions = {}) {
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

/**
 * Something signalbox was given cannot be used: a file or folder that is
 * missing or malformed, a spec it does not know. Names the source and, for
 * schema errors, every path that is wrong.
 */
export class InputError extends SignalboxError {
  override name = 'InputError'
  /** The file, URL or spec the problem is in, where there is one. */
  readonly source: string | undefined
  readonly issues: readonly InputIssue[]

  constructor(
    shortMessage: string,
    options: SignalboxErrorOptions & { source?: string; issues?: readonly InputIssue[] } = {},
  ) {
    const issues = options.issues ?? []
    const listed = issues.length > 0 ? formatIssues(issues) : undefined
    const details = [listed, options.details].filter(Boolean).join('\n\n') || undefined
    super(shortMessage, { ...options, details })
    this.source = options.source
    this.issues = issues
  }
}

/** The run started but could not complete: its verdict is `error`. */
export class RunError extends SignalboxError {
  override name = 'RunError'
}

/** The name a HarnessError keeps when a test worker serialises it: how the reporter knows one. */
export const harnessErrorName = 'HarnessError'

/**
 * signalbox could not provision a test (fund its accounts, reach the devnet
 * for setup): a problem of the harness, not a finding about the chain. A test
 * that fails with it is recorded as a harness problem and makes the run an
 * error (exit 2), never a finding charged to the suite's owner. Its `message`
 * carries the hint too: a test worker passes on only the name and message.
 */
export class HarnessError extends SignalboxError {
  override name = harnessErrorName

  constructor(shortMessage: string, options: SignalboxErrorOptions = {}) {
    super(shortMessage, options)
    this.message = [this.message, options.hint && `hint: ${options.hint}`]
      .filter(Boolean)
      .join('\n\n')
  }
}

const listedIssuesMax = 20

function formatIssues(issues: readonly InputIssue[]): string {
  const lines = issues
    .slice(0, listedIssuesMax)
    .map((issue) => `  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`)
  if (issues.length > listedIssuesMax) lines.push(`  … and ${issues.length - listedIssuesMax} more`)
  return lines.join('\n')
}

/** One of our errors as a person reads it: the message, then details and hint. */
export function explainError(error: SignalboxError): string {
  return [error.shortMessage, error.details, error.hint && `hint: ${error.hint}`]
    .filter(Boolean)
    .join('\n\n')
}

/**
 * The text the CLI prints for an error: ours as message, details and hint;
 * anything else is a bug in signalbox, shown with its stack.
 */
export function formatError(error: unknown): string {
  if (error instanceof SignalboxError) return `error: ${explainError(error)}`
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return `internal error: this is a bug in signalbox, please report it with the text below.\n\n${stack}`
}

/** Exit code for an error: its own, or 2 for bugs. */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof SignalboxError ? error.exitCode : ExitCode.error
}
