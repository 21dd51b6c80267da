import { relative, sep } from 'node:path'
import type {
  Reporter,
  SerializedError,
  TestCase,
  TestModule,
  TestRunEndReason,
  TestSuite,
} from 'vitest/node'
import type { TestResult } from '../core/index.js'
import {
  type DescribedTest,
  type FinishedTest,
  identityOf,
  type TestIdentity,
  toTestResult,
} from './TestCaseResult.js'

/** A suite file that vitest could not load or run (a syntax error, a throw at the top level). */
export interface ModuleFailure {
  file: string
  message: string
}

/** Suite files that failed, one `<file>: <message>` line each. */
export function describeModuleFailures(failures: readonly ModuleFailure[]): string {
  return failures.map((failure) => `${failure.file}: ${failure.message}`).join('\n')
}

/**
 * The bridge between vitest and signalbox: a vitest reporter that turns each
 * finished test into a results.json entry, streamed to `onResult` as it
 * happens, and keeps what went wrong outside tests.
 */
export class ResultsReporter implements Reporter {
  readonly results: TestResult[] = []
  readonly moduleFailures: ModuleFailure[] = []
  readonly unhandledErrors: string[] = []
  endReason: TestRunEndReason | undefined

  constructor(
    private readonly suitesRoot: string,
    private readonly onResult: (result: TestResult) => void = () => {},
    private readonly onTestsFound: (count: number) => void = () => {},
  ) {}

  /**
   * Which tests will run, for counting them as files are collected:
   * `undefined` counts none (collecting to select, nothing runs yet),
   * `'all'` every test found, a set only those ids.
   */
  willRun: ReadonlySet<string> | 'all' | undefined = 'all'

  onTestModuleCollected(testModule: TestModule): void {
    const { willRun } = this
    if (willRun === undefined) return
    const tests = [...testModule.children.allTests()]
    const count =
      willRun === 'all'
        ? tests.length
        : tests.filter((testCase) => willRun.has(testIdentityOf(testCase, this.suitesRoot).id))
            .length
    this.onTestsFound(count)
  }

  onTestCaseResult(testCase: TestCase): void {
    const result = toTestResult(finishedTestOf(testCase, this.suitesRoot))
    this.results.push(result)
    this.onResult(result)
  }

  onTestModuleEnd(testModule: TestModule): void {
    for (const error of testModule.errors()) {
      this.moduleFailures.push({
        file: relativeFile(this.suitesRoot, testModule.moduleId),
        message: messageOf(error),
      })
    }
  }

  onTestRunEnd(
    _modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    this.unhandledErrors.push(...unhandledErrors.map(messageOf))
    this.endReason = reason
  }
}

/** Where a vitest test case stands and what it declares, as plain data. */
function describedTestOf(testCase: TestCase, suitesRoot: string): DescribedTest {
  const meta = testCase.meta()
  return {
    file: relativeFile(suitesRoot, testCase.module.moduleId),
    suitePath: suitePathOf(testCase),
    name: testCase.name,
    line: testCase.location?.line,
    meta: { severity: meta.severity, owner: meta.owner, feature: meta.feature },
  }
}

/** A vitest test case's identity, known before it runs. */
export function testIdentityOf(testCase: TestCase, suitesRoot: string): TestIdentity {
  return identityOf(describedTestOf(testCase, suitesRoot))
}

/** What signalbox needs of a finished vitest test case, as plain data. */
export function finishedTestOf(testCase: TestCase, suitesRoot: string): FinishedTest {
  const result = testCase.result()
  const diagnostic = testCase.diagnostic()
  return {
    ...describedTestOf(testCase, suitesRoot),
    state: result.state,
    errors: (result.errors ?? []).map((error) => ({
      name: error.name,
      message: error.message,
      stack: error.stack,
    })),
    skipNote: result.state === 'skipped' ? result.note : undefined,
    mode: testCase.options.mode,
    durationMs: diagnostic?.duration ?? 0,
    retryCount: diagnostic?.retryCount ?? 0,
    flaky: diagnostic?.flaky ?? false,
    annotations: testCase
      .annotations()
      .map((annotation) => ({ type: annotation.type, message: annotation.message })),
  }
}

function relativeFile(suitesRoot: string, moduleId: string): string {
  return relative(suitesRoot, moduleId).split(sep).join('/')
}

function suitePathOf(testCase: TestCase): string[] {
  const names: string[] = []
  let parent: TestSuite | TestModule = testCase.parent
  while (parent.type === 'suite') {
    names.unshift(parent.name)
    parent = parent.parent
  }
  return names
}

function messageOf(error: SerializedError): string {
  return [error.name && error.name !== 'Error' ? `${error.name}: ` : '', error.message].join('')
}
