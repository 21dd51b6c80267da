import { describe, expect, test } from 'vitest'
import { ExitCode, exitCodeOfDecisions } from './ExitCode.js'
import {
  exitCodeOf,
  formatError,
  InputError,
  RunError,
  SignalboxError,
  UsageError,
} from './SignalboxError.js'

describe('SignalboxError', () => {
  test('every condition is a subclass the CLI knows by instanceof, each with exit code 2', () => {
    for (const error of [new UsageError('u'), new InputError('i'), new RunError('r')]) {
      expect(error).toBeInstanceOf(SignalboxError)
      expect(exitCodeOf(error)).toBe(2)
    }
  })

  test('a person reads the message, details and hint; no stack', () => {
    const error = new UsageError('unknown command: rnu', {
      details: 'signalbox has run, gates, verdict, report, devnet.',
      hint: 'Run `signalbox help` for the commands.',
    })
    expect(formatError(error)).toMatchInlineSnapshot(`
      "error: unknown command: rnu

      signalbox has run, gates, verdict, report, devnet.

      hint: Run \`signalbox help\` for the commands."
    `)
  })

  test('anything else is a bug in signalbox, shown with its stack, exit 2', () => {
    const bug = new TypeError('x is undefined')
    expect(formatError(bug)).toMatch(/^internal error: this is a bug in signalbox/)
    expect(formatError(bug)).toContain('TypeError: x is undefined\n    at ')
    expect(exitCodeOf(bug)).toBe(2)
    // Duck typing no longer passes for one of ours.
    expect(exitCodeOf({ shortMessage: 'x', exitCode: 0 })).toBe(2)
  })

  test('an input error lists its issues with their paths, then the details', () => {
    const error = new InputError('devnet descriptor d.json is invalid (2 problems)', {
      source: 'd.json',
      issues: [
        { path: 'l1.id', message: 'missing' },
        { path: '', message: 'expected an object' },
      ],
      details: 'See devnet-sdk.',
    })
    expect(error.source).toBe('d.json')
    expect(error.details).toBe('  l1.id: missing\n  expected an object\n\nSee devnet-sdk.')
  })

  test('an input error shows at most 20 issues', () => {
    const issues = Array.from({ length: 25 }, (_, index) => ({
      path: `a[${index}]`,
      message: 'bad',
    }))
    const details = new InputError('bad', { issues }).details ?? ''
    expect(details.split('\n')).toHaveLength(21)
    expect(details).toContain('… and 5 more')
  })
})

describe('exit codes', () => {
  test('0 promote, 1 block, 2 error; several decisions take the worst', () => {
    expect(ExitCode).toEqual({ promote: 0, block: 1, error: 2 })
    expect(exitCodeOfDecisions(['promote', 'promote'])).toBe(0)
    expect(exitCodeOfDecisions(['promote', 'block'])).toBe(1)
    expect(exitCodeOfDecisions(['block', 'error', 'promote'])).toBe(2)
  })

  test('no decision at all decides nothing: error, never promote', () => {
    expect(exitCodeOfDecisions([])).toBe(2)
  })
})
