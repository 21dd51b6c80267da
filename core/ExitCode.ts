import type { Decision } from './Results.js'

/**
 * The exit codes of every signalbox command, a public contract CI relies on:
 * `0` the gate passes (promote), `1` the gate blocks, `2` error — bad input,
 * a devnet that could not be had, a run that could not complete. A run that
 * could not decide never exits 0.
 */
export const ExitCode = { promote: 0, block: 1, error: 2 } as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** The exit code of a decision. */
export const exitCodeOfDecision: Readonly<Record<Decision, ExitCode>> = ExitCode

/** The exit code of several decisions: the worst of them (an empty list decides nothing: error). */
export function exitCodeOfDecisions(decisions: readonly Decision[]): ExitCode {
  if (decisions.length === 0) return ExitCode.error
  return Math.max(...decisions.map((decision) => exitCodeOfDecision[decision])) as ExitCode
}
