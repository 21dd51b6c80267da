import { parseTestId, UsageError } from '../../core/index.js'

/**
 * `signalbox run -t <pattern>`, as vitest's `-t`: only the tests whose full
 * name matches the pattern run. A test's full name is its describe blocks
 * and its own name, joined by spaces (vitest's `getTaskFullName` without the
 * file); the test ids, and so readiness entries, do not change.
 */

/** The pattern of `-t` as a regular expression; one that does not compile is a UsageError. */
export function namePatternOf(text: string): RegExp {
  try {
    return new RegExp(text)
  } catch (error) {
    throw new UsageError(`-t takes a regular expression: ${(error as Error).message}`)
  }
}

/** Whether the test with this id has a full name that `pattern` matches. */
export function matchesNamePattern(id: string, pattern: RegExp): boolean {
  return pattern.test(parseTestId(id).titles.join(' '))
}
