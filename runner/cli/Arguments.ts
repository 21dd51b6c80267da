import { type ParseArgsConfig, parseArgs } from 'node:util'
import { isCalendarDay, UsageError } from '../../core/index.js'

/** Where a command writes: injected so tests can read it. */
export interface CliIo {
  cwd: string
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** stderr as it is, without a newline added: for a progress line redrawn in place. Default: `stderr` by lines. */
  stderrRaw?: (text: string) => void
  /** Aborted on Ctrl-C / SIGTERM. */
  signal?: AbortSignal
  /** The environment (GITHUB_ACTIONS, NO_COLOR…). Default: none. */
  env?: NodeJS.ProcessEnv
  /** Whether stderr is a terminal: live progress redraws one line, and colour is on unless NO_COLOR. */
  tty?: boolean
  /** Width of the terminal, where there is one; tables and the progress line fit into it. */
  columns?: number
  /**
   * How long the command has taken so far, node's start and module loading
   * included: the time a summary shows. Default: the run's own duration.
   */
  elapsedMs?: () => number
  /**
   * Whether this command is the process (the CLI's entry point), so that the
   * processes the process has started are the command's: a run then ends those
   * its suites left running. Default: false (main called inside another program).
   */
  ownsProcess?: boolean
}

/** Whether to colour what a person reads in the terminal. */
export function useColor(io: CliIo): boolean {
  return io.tty === true && io.env?.NO_COLOR === undefined
}

/** Parses a command's arguments; an unknown or malformed option is a UsageError. */
type Options = NonNullable<ParseArgsConfig['options']>
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>
>

export function parseCommand<T extends Options>(
  argv: string[],
  options: T,
  positionals = false,
): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message, {
      hint: 'Run `signalbox help` for the options.',
    })
  }
}

/** The gates named by `--gate a,b`, in order, without repeats. */
export function gateNames(value: string | undefined, fallback: string): string[] {
  const names = (value ?? fallback).split(',').map((name) => name.trim())
  if (names.some((name) => name === ''))
    throw new UsageError(`--gate has an empty name: "${value}"`)
  return [...new Set(names)]
}

/** A whole number ≥ 1 from an option, or undefined when absent. */
export function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`${option} takes a whole number ≥ 1, got "${value}"`)
  return number
}

/** A `YYYY-MM-DD` day from an option (`--now`), or undefined when absent. */
export function dayOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined
  if (!isCalendarDay(value))
    throw new UsageError(`${option} takes a date as YYYY-MM-DD, got "${value}"`)
  return value
}

/** A TCP port from an option (0 picks a free one), or undefined when absent. */
export function portOption(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`${option} takes a port from 0 to 65535, got "${value}"`)
  return port
}
