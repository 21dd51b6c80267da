import { readFileSync } from 'node:fs'
import type { UserConsoleLog } from 'vitest'
import type {
  ReportedHookContext,
  Reporter,
  SerializedError,
  TestCase,
  TestModule,
  TestRunEndReason,
  TestSuite,
} from 'vitest/node'
import { Severity, severities, type TestIdentity, type TestResult } from '../../core/index.js'
import {
  type DescribedTest,
  declarationLineOf,
  type FinishedTest,
  failureLineOf,
  identityOf,
  toTestResult,
} from './TestCaseResult.js'
import type { FileActivity } from './Watchdog.js'

/** A suite file's text, or nothing where it cannot be read. */
function sourceOf(moduleId: string): string {
  try {
    return readFileSync(moduleId, 'utf8')
  } catch {
    return ''
  }
}

/** A suite file that vitest could not load or run (a syntax error, a throw at the top level). */
export interface ModuleFailure {
  file: string
  message: string
}

/** Suite files that failed, one `<file>: <message>` line each. */
export function describeModuleFailures(failures: readonly ModuleFailure[]): string {
  return failures.map((failure) => `${failure.file}: ${failure.message}`).join('\n')
}

/** What one run of the suites tells its caller as it happens. Every callback is optional. */
export interface SuiteRunListener {
  /** The number of tests of one suite file that will run, as vitest collects it. */
  testsFound?: (count: number) => void
  testStarted?: (test: TestIdentity) => void
  testFinished?: (result: TestResult) => void
  /** What the suites wrote to stdout or stderr themselves (vitest forwards their workers' output). */
  output?: (stream: 'stdout' | 'stderr', text: string) => void
}

/** What went wrong outside tests in one run (or one collection), and how it ended. */
export interface RunRecord {
  /** Tests that reported a result. */
  reported: number
  moduleFailures: ModuleFailure[]
  unhandledErrors: string[]
  endReason: TestRunEndReason | undefined
  /**
   * The suite files a worker is running (started, not ended), by module id:
   * what the watchdog reads, and which files a dead worker may have run.
   */
  inFlight: Map<string, MutableFileActivity>
  /** The files in flight when a worker was first heard to have died, if one did. */
  deadWorkerFiles?: FileActivity[]
}

/**
 * Which tests a run will run: `'all'` every test found, a set only those ids,
 * `undefined` none (a collection, which runs nothing).
 */
export type WillRun = ReadonlySet<string> | 'all' | undefined

/**
 * The bridge between vitest and signalbox: a vitest reporter that turns each
 * finished test into a results.json entry, streamed to the listener of the
 * current run, and records what went wrong outside tests. One reporter serves
 * every run of its vitest instance: `begin` starts a fresh record.
 */
export class ResultsReporter implements Reporter {
  #record: RunRecord = emptyRecord()
  #listener: SuiteRunListener = {}
  #willRun: WillRun = undefined

  /** @param fileOf A suite file's path relative to its suites root (the file part of test ids). */
  constructor(private readonly fileOf: (moduleId: string) => string) {}

  /** Output of the suites' workers, for the current run's listener; dropped outside a run. */
  output(stream: 'stdout' | 'stderr', text: string): void {
    this.#listener.output?.(stream, text)
  }

  /**
   * A suite's `console.*` calls, which vitest intercepts and gives to its
   * reporters rather than to its output streams: they go where the suites'
   * own writes go.
   */
  onUserConsoleLog(log: UserConsoleLog): void {
    this.output(log.type, log.content)
  }

  /** Starts recording a run (or a collection, with `willRun` undefined); returns its record. */
  begin(willRun: WillRun, listener: SuiteRunListener = {}): RunRecord {
    this.#record = emptyRecord()
    this.#listener = listener
    this.#willRun = willRun
    return this.#record
  }

  #runs(testCase: TestCase, id?: string): boolean {
    const willRun = this.#willRun
    if (willRun === undefined) return false
    return willRun === 'all' || willRun.has(id ?? testIdentityOf(testCase, this.fileOf).id)
  }

  /**
   * A sign of life from the worker running `testModule`, with what changed
   * (made in place: it comes for every test). vitest tells of a file's
   * collection before its start: either begins its activity.
   */
  #touch(testModule: TestModule, change: (activity: MutableFileActivity) => void = () => {}) {
    if (this.#willRun === undefined) return
    let activity = this.#record.inFlight.get(testModule.moduleId)
    if (!activity) {
      activity = {
        file: this.fileOf(testModule.moduleId),
        lastSignAtMs: performance.now(),
        collected: false,
        pendingTimeoutsMs: new Map(),
        running: [],
        unreported: new Map(),
      }
      this.#record.inFlight.set(testModule.moduleId, activity)
    }
    change(activity)
    activity.lastSignAtMs = performance.now()
  }

  onTestModuleStart(testModule: TestModule): void {
    this.#touch(testModule)
  }

  onTestModuleCollected(testModule: TestModule): void {
    const tests = [...testModule.children.allTests()]
    const pending = tests.filter(
      (testCase) => this.#runs(testCase) && testCase.options.mode === 'run',
    )
    this.#touch(testModule, (activity) => {
      activity.collected = true
      activity.pendingTimeoutsMs = new Map()
      activity.unreported = new Map()
      for (const testCase of pending) {
        const { timeout } = testCase.options
        if (timeout !== undefined) countIn(activity.pendingTimeoutsMs, timeout, 1)
        const test = testIdentityOf(testCase, this.fileOf)
        activity.unreported.set(test.id, test)
      }
    })
    // A test that failed before it could run never reports a result: a `.only` left in
    // the file (vitest then skips the rest of it, and a gate runs every test), say.
    // A declaration signalbox cannot read is named too, not dropped in silence.
    const named = (testCase: TestCase) => {
      const line = declarationLineOf(sourceOf(testModule.moduleId), testCase.name)
      return `"${testCase.fullName}"${line === undefined ? '' : ` (line ${line})`}`
    }
    for (const testCase of tests) {
      const declared = declarationProblem(testCase)
      if (declared) {
        this.#record.moduleFailures.push({
          file: this.fileOf(testModule.moduleId),
          message: `${named(testCase)} ${declared}`,
        })
      }
      const result = testCase.result()
      if (result.state !== 'failed') continue
      const [error] = result.errors ?? []
      this.#record.moduleFailures.push({
        file: this.fileOf(testModule.moduleId),
        message: `${named(testCase)} failed before it ran: ${error ? messageOf(error) : 'no error given'}`,
      })
    }
    if (this.#willRun === undefined) return
    this.#listener.testsFound?.(tests.filter((testCase) => this.#runs(testCase)).length)
  }

  onTestCaseReady(testCase: TestCase): void {
    const test = testIdentityOf(testCase, this.fileOf)
    this.#touch(testCase.module, (activity) => {
      activity.running.push({ test, startedAtMs: performance.now() })
    })
    if (this.#listener.testStarted && this.#runs(testCase, test.id))
      this.#listener.testStarted(test)
  }

  onTestCaseResult(testCase: TestCase): void {
    const result = toTestResult(finishedTestOf(testCase, this.fileOf))
    this.#touch(testCase.module, (activity) => {
      activity.unreported.delete(result.id)
      const { timeout } = testCase.options
      if (timeout !== undefined) countIn(activity.pendingTimeoutsMs, timeout, -1)
      // A file runs a test or two at a time: the list of those running stays short.
      activity.running = activity.running.filter((entry) => entry.test.id !== result.id)
    })
    this.#record.reported += 1
    this.#listener.testFinished?.(result)
  }

  onHookStart(hook: ReportedHookContext): void {
    this.#touch(moduleOf(hook.entity))
  }

  onHookEnd(hook: ReportedHookContext): void {
    this.#touch(moduleOf(hook.entity))
  }

  onTestModuleEnd(testModule: TestModule): void {
    this.#record.inFlight.delete(testModule.moduleId)
    for (const error of testModule.errors()) {
      this.#record.moduleFailures.push({
        file: this.fileOf(testModule.moduleId),
        message: messageOf(error),
      })
    }
  }

  onTestRunEnd(
    _modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    for (const error of unhandledErrors) {
      const message = messageOf(error)
      if (workerDied.test(message)) this.workerDied(message, causeOf(error))
      else this.#record.unhandledErrors.push(message)
    }
    this.#record.endReason = reason
  }

  /**
   * Records that a test worker died (vitest tells it twice: as an uncaught
   * error, then with the worker's own error as the cause): one explanation
   * per run, naming the files in flight when it was first heard of, and what
   * killed it once that is known.
   */
  workerDied(message: string, cause?: string): void {
    const record = this.#record
    record.deadWorkerFiles ??= [...record.inFlight.values()].map((activity) => ({
      ...activity,
      running: [...activity.running],
      unreported: new Map(activity.unreported),
    }))
    const explanation = explainWorkerDeath(message, record.deadWorkerFiles, cause)
    const earlier = record.unhandledErrors.findIndex((text) => text.startsWith('a test worker '))
    if (earlier === -1) record.unhandledErrors.push(explanation)
    else if (cause !== undefined) record.unhandledErrors[earlier] = explanation
  }
}

/** What the reporter keeps of a file in flight, changed in place as its tests report. */
interface MutableFileActivity extends FileActivity {
  lastSignAtMs: number
  collected: boolean
  pendingTimeoutsMs: Map<number, number>
  running: Array<FileActivity['running'][number]>
  unreported: Map<string, TestIdentity>
}

/** Adds `by` to `key`'s count, dropping it at zero. */
function countIn(counts: Map<number, number>, key: number, by: number): void {
  const count = (counts.get(key) ?? 0) + by
  if (count > 0) counts.set(key, count)
  else counts.delete(key)
}

function emptyRecord(): RunRecord {
  return {
    reported: 0,
    moduleFailures: [],
    unhandledErrors: [],
    endReason: undefined,
    inFlight: new Map(),
  }
}

function moduleOf(entity: ReportedHookContext['entity']): TestModule {
  return entity.type === 'module' ? entity : entity.module
}

/** Where a vitest test case stands and what it declares, as plain data. */
function describedTestOf(testCase: TestCase, fileOf: (moduleId: string) => string): DescribedTest {
  const meta = testCase.meta()
  return {
    file: fileOf(testCase.module.moduleId),
    suitePath: suitePathOf(testCase),
    name: testCase.name,
    meta: { severity: meta.severity, owner: meta.owner, feature: meta.feature },
  }
}

/** A vitest test case's identity, known before it runs. */
export function testIdentityOf(
  testCase: TestCase,
  fileOf: (moduleId: string) => string,
): TestIdentity {
  return identityOf(describedTestOf(testCase, fileOf))
}

/** What signalbox needs of a finished vitest test case, as plain data. */
export function finishedTestOf(
  testCase: TestCase,
  fileOf: (moduleId: string) => string,
): FinishedTest {
  const result = testCase.result()
  const diagnostic = testCase.diagnostic()
  const line = failureLineOf(result.errors ?? [], testCase.module.moduleId)
  // Added onto the description, not spread from it (see `toTestResult`): once per test.
  const finished: FinishedTest = Object.assign(describedTestOf(testCase, fileOf), {
    state: result.state,
    errors: (result.errors ?? []).map((error) => ({
      name: error.name,
      message: error.message,
      stack: error.stack,
      diff: error.diff,
    })),
    skipNote: result.state === 'skipped' ? result.note : undefined,
    mode: testCase.options.mode,
    durationMs: diagnostic?.duration ?? 0,
    retryCount: diagnostic?.retryCount ?? 0,
    flaky: diagnostic?.flaky ?? false,
    annotations: testCase
      .annotations()
      .map((annotation) => ({ type: annotation.type, message: annotation.message })),
  })
  if (line !== undefined) finished.line = line
  return finished
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

/** What is wrong with what a test declares about itself in its meta, if anything. */
function declarationProblem(testCase: TestCase): string | undefined {
  const { severity, owner, feature } = testCase.meta() as Record<string, unknown>
  if (severity !== undefined && !Severity.safeParse(severity).success) {
    return `declares severity ${JSON.stringify(severity)}: expected one of ${severities.join(', ')}`
  }
  if (owner !== undefined && typeof owner !== 'string')
    return 'declares an owner that is not a string'
  if (feature !== undefined && typeof feature !== 'string')
    return 'declares a feature that is not a string'
  return undefined
}

/** What vitest says when a test worker dies under it. */
export const workerDied = /Worker (?:forks|threads) emitted error|Worker exited unexpectedly/

/** What node says when a worker thread reaches its heap limit. */
const outOfMemory = /ERR_WORKER_OUT_OF_MEMORY|reaching memory limit|heap out of memory/

/** The files a worker was running, and the tests known to be running there, in words. */
function inFlightOf(files: readonly FileActivity[]): string {
  if (files.length === 0) return ''
  const described = files.map((activity) => {
    const running = activity.running.map((entry) => `"${entry.test.name}"`)
    return running.length > 0 ? `${activity.file} (test ${running.join(', ')})` : activity.file
  })
  return ` while running ${files.length > 1 ? 'one of ' : ''}${described.join(', ')}`
}

/**
 * A worker's death, in words that say what happened and where: `files` are
 * the suite files in flight when it died (one of them was the dead worker's).
 */
export function explainWorkerDeath(
  message: string,
  files: readonly FileActivity[] = [],
  cause?: string,
): string {
  const where = inFlightOf(files)
  if (cause !== undefined && outOfMemory.test(cause)) {
    return `a test worker ran out of memory (${cause})${where}: the tests of its file did not finish`
  }
  return `a test worker died (${message})${where}: a test ran out of memory, or its process crashed or was killed; the tests of its file did not finish`
}

/** The message and code of an error's cause, where vitest kept one (a worker's own error). */
function causeOf(error: SerializedError): string | undefined {
  const cause = error.cause as { message?: unknown; code?: unknown } | undefined
  if (!cause || typeof cause.message !== 'string') return undefined
  return typeof cause.code === 'string' ? `${cause.code}: ${cause.message}` : cause.message
}

function messageOf(error: SerializedError): string {
  return [error.name && error.name !== 'Error' ? `${error.name}: ` : '', error.message].join('')
}
