import { describe, expect, expectTypeOf, test } from 'vitest'
import type { Severity } from '../../core/index.js'
import type { DeclaredSeverity } from '../../suites/kit/Meta.js'
import {
  declarationLineOf,
  type FinishedTest,
  failureLineOf,
  statusOf,
  toTestResult,
} from './TestCaseResult.js'

const finished: FinishedTest = {
  file: 'base/transfers.accept.ts',
  suitePath: ['value transfers'],
  name: 'L1 includes a transfer',
  line: 9,
  meta: { severity: 'SEV1', owner: 'platforms' },
  state: 'passed',
  errors: [],
  mode: 'run',
  durationMs: 812.6,
  retryCount: 0,
  flaky: false,
  annotations: [],
}

describe('declared severity', () => {
  test('the kit declares exactly the severities the gates judge by', () => {
    // Checked by the type checker (npm test runs it).
    expectTypeOf<DeclaredSeverity>().toEqualTypeOf<Severity>()
  })
})

describe('declarationLineOf', () => {
  test('the first line with the name as a string literal, in any quotes', () => {
    const source = [
      "import { test } from 'signalbox/suite'",
      "test.concurrent('focused', () => {})",
      'test("double", () => {})',
      'test(`template`, () => {})',
      "test('focused again', () => {})",
    ].join('\n')
    expect(declarationLineOf(source, 'focused')).toBe(2)
    expect(declarationLineOf(source, 'double')).toBe(3)
    expect(declarationLineOf(source, 'template')).toBe(4)
    expect(declarationLineOf(source, 'focused again')).toBe(5)
    expect(declarationLineOf(source, 'absent')).toBe(undefined)
  })
})

describe('failureLineOf', () => {
  const file = '/work/suites/bridge/bridge.accept.ts'
  test("the innermost frame of the test's own file, of the first error that has one", () => {
    const errors = [
      { stacks: [{ file: '/work/node_modules/viem/index.js', line: 900 }] },
      {
        stacks: [
          { file: '/work/node_modules/viem/index.js', line: 12 },
          { file, line: 41 },
          { file, line: 7 },
        ],
      },
    ]
    expect(failureLineOf(errors, file)).toBe(41)
  })

  test('no frame in the file, or no stack: no line', () => {
    expect(failureLineOf([{ stacks: [{ file: '/elsewhere.ts', line: 3 }] }, {}], file)).toBe(
      undefined,
    )
    expect(failureLineOf([], file)).toBe(undefined)
  })
})

describe('statusOf', () => {
  test('a failed assertion is failed', () => {
    expect(
      statusOf({
        state: 'failed',
        errors: [{ name: 'AssertionError', message: 'expected 1 to be 2' }],
      }),
    ).toBe('failed')
  })

  test('a test past its timeout is timedOut', () => {
    expect(
      statusOf({
        state: 'failed',
        errors: [{ name: 'Error', message: 'Test timed out in 5000ms.' }],
      }),
    ).toBe('timedOut')
  })

  test('any other error is errored', () => {
    expect(
      statusOf({
        state: 'failed',
        errors: [{ name: 'HttpRequestError', message: 'fetch failed' }],
      }),
    ).toBe('errored')
  })
})

describe('toTestResult', () => {
  test('carries identity, feature, declared severity and owner', () => {
    expect(toTestResult(finished)).toEqual({
      id: 'base/transfers.accept.ts > value transfers > L1 includes a transfer',
      file: 'base/transfers.accept.ts',
      line: 9,
      name: 'L1 includes a transfer',
      feature: 'base',
      owner: 'platforms',
      severity: 'SEV1',
      status: 'passed',
      durationMs: 813,
      attempts: 1,
      flaky: false,
      quarantined: false,
      annotations: [],
    })
  })

  test('keeps the first error of a failure and the reason of a skip', () => {
    const failed = toTestResult({
      ...finished,
      state: 'failed',
      errors: [
        {
          name: 'AssertionError',
          message: 'expected 1n to be 2n',
          stack: 'at transfers.accept.ts:20',
        },
      ],
      retryCount: 2,
    })
    expect(failed.error).toEqual({
      message: 'expected 1n to be 2n',
      stack: 'at transfers.accept.ts:20',
    })
    expect(failed.attempts).toBe(3)
    const skipped = toTestResult({ ...finished, state: 'skipped', skipNote: 'no deposit support' })
    expect(skipped.skipReason).toBe('no deposit support')
    expect(skipped.error).toBeUndefined()
  })

  test('a test that never finished is errored, never passed', () => {
    const result = toTestResult({ ...finished, state: 'pending' })
    expect(result.status).toBe('errored')
    expect(result.error?.message).toMatch(/did not finish/)
  })
})

describe('harness problems', () => {
  test('a test that failed with a HarnessError is errored and marked as a harness problem, with its message and hint', () => {
    const result = toTestResult({
      ...finished,
      state: 'failed',
      errors: [
        {
          name: 'HarnessError',
          message:
            'signalbox could not fund 1 test account(s) on l1\n\nhint: Check that l1 includes transactions.',
          stack: 'HarnessError: signalbox could not fund…',
        },
      ],
    })
    expect(result).toMatchObject({
      status: 'errored',
      harnessProblem: true,
      error: {
        message:
          'signalbox could not fund 1 test account(s) on l1\n\nhint: Check that l1 includes transactions.',
      },
    })
  })

  test('a failed assertion, a timeout or any other error is no harness problem', () => {
    for (const error of [
      { name: 'AssertionError', message: 'expected 1 to be 2' },
      { name: 'Error', message: 'Test timed out in 60000ms.' },
      { name: 'TransactionExecutionError', message: 'insufficient funds' },
    ]) {
      const result = toTestResult({ ...finished, state: 'failed', errors: [error] })
      expect(result.harnessProblem).toBeUndefined()
    }
  })
})
