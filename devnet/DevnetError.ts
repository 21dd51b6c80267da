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

/** One problem found in a document, at a path inside it. */
export interface InputIssue {
  /** Where in the document, e.g. `l2[0].nodes[0].services.el.endpoints.rpc.port`; empty for the document itself. */
  path: string
  message: string
}

/**
 * Something signalbox was given cannot be used: a descriptor or definition
 * file that cannot be read, is not valid JSON or YAML, or does not match its
 * schema, or a devnet spec it does not know. Names the source and, for schema
 * errors, every path that is wrong.
 */
export class DevnetInputError extends DevnetError {
  override name = 'DevnetInputError'
  /** The file, URL or spec the problem is in. */
  readonly source: string
  readonly issues: readonly InputIssue[]

  constructor(
    shortMessage: string,
    options: {
      source: string
      issues?: readonly InputIssue[]
      details?: string
      hint?: string
      cause?: unknown
    },
  ) {
    const issues = options.issues ?? []
    const listed = issues.length > 0 ? formatIssues(issues) : undefined
    const details = [listed, options.details].filter(Boolean).join('\n\n') || undefined
    super(shortMessage, {
      ...(details ? { details } : {}),
      ...(options.hint ? { hint: options.hint } : {}),
      ...(options.cause ? { cause: options.cause } : {}),
    })
    this.source = options.source
    this.issues = issues
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
