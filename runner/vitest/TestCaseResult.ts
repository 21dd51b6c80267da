import {
  featureOf,
  harnessErrorName,
  Severity,
  type TestAnnotation,
  type TestIdentity,
  type TestResult,
  type TestStatus,
  testIdOf,
} from '../../core/index.js'

/** Where a test stands and what it declares, as plain data (read off vitest's TestCase). */
export interface DescribedTest {
  /** File relative to the suites root, forward slashes. */
  file: string
  /** Names of the enclosing describe blocks, outermost first. */
  suitePath: string[]
  name: string
  /** The line a failure points at in the test's file (see `failureLineOf`); absent for a pass. */
  line?: number | undefined
  meta: {
    severity?: Severity | undefined
    owner?: string | undefined
    feature?: string | undefined
  }
}

/** What the runner knows of one finished test. */
export interface FinishedTest extends DescribedTest {
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  errors: ReadonlyArray<{
    name?: string | undefined
    message: string
    stack?: string | undefined
    diff?: string | undefined
  }>
  skipNote?: string | undefined
  mode: 'run' | 'only' | 'skip' | 'todo'
  durationMs: number
  retryCount: number
  flaky: boolean
  annotations: TestAnnotation[]
}

const timeoutPattern = /\btimed out in \d+ ?ms\b/i

/**
 * The line of `source` (a suite file) that declares a test named `name`: the
 * first line with the name as a string literal ('…', "…" or `…`). Read only
 * for a test signalbox has to point at without a failure's stack (a `.only`,
 * a declaration it cannot read), so that no test pays for its location.
 */
export function declarationLineOf(source: string, name: string): number | undefined {
  const lines = source.split('\n')
  const literals = ["'", '"', '`'].map((quote) => `${quote}${name}${quote}`)
  const index = lines.findIndex((line) => literals.some((literal) => line.includes(literal)))
  return index === -1 ? undefined : index + 1
}

/**
 * The line of the test's own file where its first error was thrown or
 * asserted: the innermost frame of the error's stack in `moduleId` (the
 * file's absolute path, as vitest names modules). Undefined when no frame is
 * in the file (an error from a library called at the top of a helper, say).
 */
export function failureLineOf(
  errors: ReadonlyArray<{ stacks?: ReadonlyArray<{ file: string; line: number }> | undefined }>,
  moduleId: string,
): number | undefined {
  for (const error of errors) {
    const frame = error.stacks?.find((candidate) => candidate.file === moduleId)
    if (frame) return frame.line
  }
  return undefined
}

/**
 * How a test ended. A failed assertion is `failed`; a test that ran past its
 * timeout is `timedOut`; anything else thrown (an RPC error, a bug in the
 * test) is `errored`.
 */
export function statusOf(test: Pick<FinishedTest, 'state' | 'errors'>): TestStatus {
  switch (test.state) {
    case 'passed':
      return 'passed'
    case 'skipped':
      return 'skipped'
    case 'pending':
      return 'errored'
    case 'failed': {
      const [first] = test.errors
      if (!first) return 'errored'
      if (timeoutPattern.test(first.message)) return 'timedOut'
      return first.name === 'AssertionError' ? 'failed' : 'errored'
    }
  }
}

/** A test's identity, feature and declared owner and severity. */
export function identityOf(test: DescribedTest): TestIdentity {
  const identity: TestIdentity = {
    id: testIdOf(test.file, test.suitePath, test.name),
    file: test.file,
    name: test.name,
    feature: featureOf(test.file, stringOrUndefined(test.meta.feature)),
  }
  if (test.line !== undefined) identity.line = test.line
  const owner = stringOrUndefined(test.meta.owner)
  if (owner) identity.owner = owner
  // A severity it cannot read is reported as the run's error, not written into results.json.
  if (Severity.safeParse(test.meta.severity).success)
    identity.severity = test.meta.severity as Severity
  return identity
}

/**
 * Whether the test failed because signalbox could not provision it (a
 * HarnessError: no funds for its accounts, an RPC refusal while funding),
 * rather than because of anything the chain did.
 */
export function isHarnessProblem(test: Pick<FinishedTest, 'state' | 'errors'>): boolean {
  return test.state === 'failed' && test.errors.some((error) => error.name === harnessErrorName)
}

/** The results.json entry of a finished test. */
export function toTestResult(test: FinishedTest): TestResult {
  const status = statusOf(test)
  const [firstError] = test.errors
  // Added onto the identity, not spread from it: V8 copies an object whose properties were
  // added one by one (as identityOf's are) on a slow path, about 14 µs a test.
  const result: TestResult = Object.assign(identityOf(test), {
    status,
    durationMs: Math.round(test.durationMs),
    attempts: test.retryCount + 1,
    flaky: test.flaky,
    quarantined: false,
    annotations: test.annotations,
  })
  if (status === 'skipped') {
    const reason = test.skipNote ?? (test.mode === 'todo' ? 'todo' : undefined)
    if (reason) result.skipReason = reason
  }
  if (test.state === 'pending') {
    result.error = { message: 'the test did not finish: the run ended before it reported' }
  } else if (status !== 'passed' && status !== 'skipped' && firstError) {
    result.error = { message: firstError.message }
    if (firstError.stack) result.error.stack = firstError.stack
    if (firstError.diff) result.error.diff = firstError.diff
  }
  if (isHarnessProblem(test)) {
    result.status = 'errored'
    result.harnessProblem = true
    const harness = test.errors.find((error) => error.name === harnessErrorName)
    if (harness)
      result.error = {
        message: harness.message,
        ...(harness.stack ? { stack: harness.stack } : {}),
      }
  }
  return result
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
