import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { TestCase, TestModule, TestSpecification, Vitest } from 'vitest/node'
import {
  ExitCode,
  formatError,
  InputError,
  severities,
  type TestIdentity,
} from '../../core/index.js'
import type { DevnetDescriptor } from '../../devnet/Descriptor.js'
import type { FaucetProvision } from '../../suites/kit/Faucet.js'
import { providedKeys } from '../../suites/kit/Meta.js'
import { kitEntryPath } from '../files/PackagePaths.js'
import {
  describeModuleFailures,
  type ModuleFailure,
  ResultsReporter,
  type SuiteRunListener,
  testIdentityOf,
  workerDied,
} from './ResultsReporter.js'
import {
  filterSuiteFiles,
  findSuiteFiles,
  idFileOf,
  resolveSuitesRoots,
  type SuitesRoot,
} from './SuitesRoots.js'
import { type StuckFile, stuckFiles, type WatchdogLimits } from './Watchdog.js'

/** Acceptance suite files, relative to the suites root. */
export const suiteFilePattern = '**/*.accept.{ts,js,mts,mjs}'

export interface SuiteRunOptions {
  /** The suites folder, when there is one (`suites` takes precedence). */
  suitesRoot: string
  /**
   * Every suites folder of the run (`--suites`, repeated; see `SuitesRoots`).
   * Default: `suitesRoot` alone, its ids relative to it.
   */
  suites?: readonly SuitesRoot[]
  /**
   * Positional file filters (`signalbox run transfers nonces`): only the
   * suite files they name run, as vitest's filters pick files (see
   * `filterSuiteFiles`); a filter that names no file is an InputError.
   * Default: every file.
   */
  fileFilters?: readonly string[]
  /** Where relative file filters start. Default: the process's working directory. */
  cwd?: string
  /** Folder for vitest's cache (test durations, for scheduling slow files first). */
  cacheDir: string
  /** Test workers running at once. Default: 4 (acceptance tests mostly wait on the chain, not the CPU). */
  maxWorkers?: number
  /**
   * How long a test (or a hook) may run, unless it sets its own timeout
   * (`--test-timeout`). Default: 60 000 ms.
   */
  testTimeoutMs?: number
}

/** The test timeout of a run that sets none. */
export const defaultTestTimeoutMs = 60_000

/** A test that had started and not reported when the run stopped. */
export interface UnfinishedTest {
  test: TestIdentity
  /** How long it had run when the run stopped. */
  ranMs: number
}

/** How one run of the suites went; the tests' results went to the run's listener as they finished. */
export interface SuiteRunOutcome {
  /** Tests that reported a result. */
  reported: number
  moduleFailures: ModuleFailure[]
  unhandledErrors: string[]
  interrupted: boolean
  /**
   * Files whose worker stopped yielding (a synchronous endless loop): the
   * watchdog stopped the run. Empty otherwise.
   */
  stuck: StuckFile[]
  /** Tests known to have started and not reported when the run stopped (none when it ran to its end). */
  unfinished: UnfinishedTest[]
}

/**
 * One vitest instance over a suites folder: first find the suite files (so a
 * folder without tests is an input error before any devnet starts), then run
 * them against a devnet, as often as needed (watch and continuous modes run
 * the same instance again).
 */
export class SuiteRun {
  /** vitest and the specifications of the files found, made in the background (see `prepare`). */
  readonly #ready: Promise<{ vitest: Vitest; specifications: TestSpecification[] }>
  readonly #files: string[]
  readonly #reporter: ResultsReporter
  readonly #maxWorkers: number
  readonly #limits: WatchdogLimits
  readonly #fileOf: (moduleId: string) => string
  /** Whether closing this closes vitest: a narrowed view leaves it to the SuiteRun it came from. */
  readonly #ownsVitest: boolean
  #collected:
    | Map<string, { collected: TestIdentity; testCase: TestCase; testModule: TestModule }>
    | undefined

  private constructor(
    ready: Promise<{ vitest: Vitest; specifications: TestSpecification[] }>,
    files: string[],
    reporter: ResultsReporter,
    maxWorkers: number,
    limits: WatchdogLimits,
    fileOf: (moduleId: string) => string,
    ownsVitest = true,
  ) {
    this.#ready = ready
    // Read by whoever uses the run (collect, run, close); meanwhile a failure is no unhandled rejection.
    ready.catch(() => {})
    this.#files = files
    this.#limits = limits
    this.#fileOf = fileOf
    this.#ownsVitest = ownsVitest
    this.#reporter = reporter
    this.#maxWorkers = maxWorkers
  }

  /**
   * Finds the suite files under the roots (those the file filters keep);
   * throws an InputError when there are none, or a filter keeps none. vitest
   * is then loaded and created in the background (about 0.4 s of CPU), so
   * that it overlaps the devnet's start; `collect` and `run` wait for it.
   */
  static async prepare(options: SuiteRunOptions): Promise<SuiteRun> {
    const cwd = options.cwd ?? process.cwd()
    const roots = options.suites ?? resolveSuitesRoots([options.suitesRoot], cwd)
    const [firstRoot] = roots
    if (!firstRoot) throw new InputError('a run needs a suites folder')
    const found = await findSuiteFiles(roots)
    if (found.length === 0) {
      throw new InputError(`no acceptance suites in ${roots.map((root) => root.dir).join(', ')}`, {
        details: `Looked for files matching ${suiteFilePattern}.`,
        hint: 'A run without tests cannot decide anything; point --suites at your suites.',
      })
    }
    const filters = options.fileFilters ?? []
    const unmatched = filters.filter(
      (filter) => filterSuiteFiles(found, [filter], cwd).length === 0,
    )
    if (unmatched.length > 0) {
      throw new InputError(`no suite file matches ${unmatched.map((f) => `"${f}"`).join(', ')}`, {
        details: `Suite files:\n${found.map((file) => `  ${file.file}`).join('\n')}`,
        hint: 'A filter keeps the files whose path contains it, as vitest filters files.',
      })
    }
    const files = filterSuiteFiles(found, filters, cwd)
    // Asked for every test, of a few files: each file's id is worked out once.
    const idFiles = new Map<string, string>()
    const fileOf = (moduleId: string) => {
      let file = idFiles.get(moduleId)
      if (file === undefined) {
        file = idFileOf(roots, moduleId) ?? moduleId
        idFiles.set(moduleId, file)
      }
      return file
    }
    const maxWorkers = options.maxWorkers ?? 4
    const testTimeoutMs = options.testTimeoutMs ?? defaultTestTimeoutMs
    const reporter = new ResultsReporter(fileOf)
    const limits: WatchdogLimits = {
      testTimeoutMs,
      hookTimeoutMs: testTimeoutMs,
      loadTimeoutMs: Math.max(testTimeoutMs, defaultTestTimeoutMs),
      graceMs: watchdogGraceMs,
    }
    const ready = (async () => {
      const { createVitest } = await import('vitest/node')
      const vitest = await withoutSignalHandlers(() =>
        createVitest(
          'test',
          {
            // The files of every root run: their specifications are made below, by path.
            root: firstRoot.dir,
            config: false,
            include: [suiteFilePattern],
            exclude: ['**/node_modules/**', '**/dist/**'],
            watch: false,
            // A gate decides the same in CI and on a laptop, and never writes to the suites:
            // a `.only` left in a suite fails its file (as vitest does in CI), and snapshots
            // are compared, never written (a missing one fails).
            allowOnly: false,
            update: 'none',
            reporters: [reporter],
            maxWorkers,
            pool: 'threads',
            // No location for every test (its cost grows with the tests, about 0.1 ms
            // each): a failure's line comes from its error's stack (see `failureLineOf`).
            includeTaskLocation: false,
            testTimeout: testTimeoutMs,
            hookTimeout: testTimeoutMs,
            // A team's own tags stay allowed; SEV tags are declared so `tags: ['SEV1']` sets the severity.
            strictTags: false,
            tags: severities.map((severity) => ({
              name: severity,
              description: `declares severity ${severity}`,
              meta: { severity },
            })),
          },
          {
            cacheDir: options.cacheDir,
            resolve: { alias: { 'signalbox/suite': kitEntryPath() } },
            logLevel: 'silent',
          },
          // What the suites print never reaches signalbox's own stdout (which may be --json):
          // it goes to the run, which redacts it.
          { stdout: forward(reporter, 'stdout'), stderr: forward(reporter, 'stderr') },
        ),
      )
      const project = vitest.getRootProject()
      const specifications = files.map((file) => project.createSpecification(file.path))
      // vitest's sequencer runs the files that took longest last time first, and without
      // durations the largest first; `vitest run` reads the sizes when it globs, but files
      // handed over as specifications are unsized, and would run in the order found.
      await vitest.cache.stats.populateStats(vitest.config.root, specifications)
      return { vitest, specifications }
    })()
    return new SuiteRun(
      ready,
      files.map((file) => file.path),
      reporter,
      maxWorkers,
      limits,
      fileOf,
    )
  }

  /** Test workers running at once: the faucet funds an account for each. */
  get workers(): number {
    return this.#maxWorkers
  }

  /** Absolute paths of the suite files found. */
  get files(): string[] {
    return this.#files
  }

  /**
   * Finds every test without running any: the suite files are loaded and
   * their describe blocks run, tests are not. A file that fails to load is an
   * InputError naming it.
   */
  async collect(): Promise<TestIdentity[]> {
    const { vitest, specifications } = await this.#ready
    const record = this.#reporter.begin(undefined)
    const { testModules } = await vitest.collectTests(specifications)
    const failures = record.moduleFailures
    if (failures.length > 0) {
      throw new InputError('suite file(s) failed to load', {
        details: describeModuleFailures(failures),
      })
    }
    this.#collected = new Map(
      testModules.flatMap((testModule) =>
        [...testModule.children.allTests()].map((testCase) => {
          const collected = testIdentityOf(testCase, this.#fileOf)
          return [collected.id, { collected, testCase, testModule }] as const
        }),
      ),
    )
    return [...this.#collected.values()].map((entry) => entry.collected)
  }

  /** Specifications that run only the tests whose ids are in `only` (after `collect`). */
  #specificationsFor(only: ReadonlySet<string>): TestSpecification[] {
    if (!this.#collected) throw new Error('collect() must run before a selection can be run')
    const byModule = new Map<TestModule, TestCase[]>()
    for (const [id, { testCase, testModule }] of this.#collected) {
      if (!only.has(id)) continue
      const cases = byModule.get(testModule)
      if (cases) cases.push(testCase)
      else byModule.set(testModule, [testCase])
    }
    return [...byModule].map(([testModule, testCases]) => testModule.toTestSpecification(testCases))
  }

  /**
   * Runs every suite file (or the tests `only` names, after `collect`)
   * against `devnet`, whose test accounts `faucet` funds (one faucet account
   * per worker: see `startSubFunders`); each test's result goes to `listener`
   * as it finishes.
   * Aborting `signal` cancels the run; tests still running after
   * `interruptGraceMs` are abandoned (closing vitest ends their workers).
   */
  async run(
    devnet: DevnetDescriptor,
    faucet: FaucetProvision,
    options: { signal?: AbortSignal; only?: ReadonlySet<string>; listener?: SuiteRunListener } = {},
  ): Promise<SuiteRunOutcome> {
    const { signal, only } = options
    const { vitest, specifications: every } = await this.#ready
    vitest.provide(providedKeys.devnet, devnet)
    vitest.provide(providedKeys.faucet, faucet)
    const specifications = only ? this.#specificationsFor(only) : every
    const record = this.#reporter.begin(only ?? 'all', options.listener)
    // vitest sets the process's exit code when a test fails; what a run means is the caller's to say.
    const exitCode = process.exitCode
    // A worker that dies (out of memory, a native crash) is thrown by vitest as an
    // 'error' event nobody listens to: caught here, it ends the run as incomplete.
    let onCrash: (error: Error) => void = () => {}
    let workerCrashed = false
    let running: Promise<unknown> = Promise.resolve()
    const crashed = new Promise<void>((resolve) => {
      onCrash = (error) => {
        if (!workerDied.test(error.message)) {
          // Not a worker: a bug in signalbox. Never exit 1, which CI reads as "block".
          process.stderr.write(`${formatError(error)}\n`)
          process.exit(ExitCode.error)
        }
        workerCrashed = true
        this.#reporter.workerDied(error.message)
        void vitest.cancelCurrentRun('test-failure')
        // vitest then tells the worker's own error (out of memory, say) as the run ends.
        void Promise.race([running, delay(crashReportMs)]).then(() => resolve())
      }
    })
    // A worker whose event loop is blocked never lets its test's timeout fire: watched
    // from here, where the loop is free, it stops the run as an interrupt would.
    // The tests running when signalbox stops the run, taken before vitest is asked to
    // cancel (it then reports them as it likes): those are the tests it stopped.
    let stoppedWhileRunning: UnfinishedTest[] | undefined
    const runningNow = () => {
      const at = performance.now()
      return [...record.inFlight.values()].flatMap((activity) =>
        activity.running.map((entry) => ({ test: entry.test, ranMs: at - entry.startedAtMs })),
      )
    }
    const stopping = () => {
      stoppedWhileRunning ??= runningNow()
    }
    let stuck: StuckFile[] = []
    let watchdog: NodeJS.Timeout | undefined
    const blocked = new Promise<void>((resolve) => {
      watchdog = setInterval(() => {
        stuck = stuckFiles(record.inFlight.values(), performance.now(), this.#limits)
        if (stuck.length === 0) return
        clearInterval(watchdog)
        stopping()
        void vitest.cancelCurrentRun('keyboard-input')
        // Nothing more will come from a blocked worker: closing vitest ends it.
        resolve()
      }, watchdogIntervalMs)
    })
    process.on('uncaughtException', onCrash)
    try {
      if (!signal?.aborted && specifications.length > 0) {
        running = vitest.runTestSpecifications(specifications, !only)
        const cancel = () => {
          stopping()
          return vitest.cancelCurrentRun('keyboard-input')
        }
        await Promise.race([
          running,
          crashed,
          blocked,
          ...(signal ? [interrupted(signal, cancel)] : []),
        ])
      }
    } finally {
      clearInterval(watchdog)
      process.off('uncaughtException', onCrash)
      process.exitCode = exitCode
    }
    const ended = record.endReason !== undefined && record.endReason !== 'interrupted'
    return {
      reported: record.reported,
      moduleFailures: record.moduleFailures,
      unhandledErrors: record.unhandledErrors,
      // Cancelled by signalbox after a crash or a stuck worker: the outcome says why instead.
      interrupted:
        signal?.aborted === true ||
        (record.endReason === 'interrupted' && !workerCrashed && stuck.length === 0),
      stuck,
      unfinished: stoppedWhileRunning ?? (ended ? [] : runningNow()),
    }
  }

  /**
   * The same vitest instance over some suite files (absolute paths; new
   * files too), with the files in `changed` (default: those) read again
   * from disk: watch mode reruns what changed, with vite's transforms of
   * the rest still warm. Closing the narrowed run leaves vitest open; this
   * SuiteRun still owns it.
   */
  narrowedTo(paths: readonly string[], changed: readonly string[] = paths): SuiteRun {
    const ready = this.#ready.then(({ vitest }) => {
      for (const path of changed) vitest.invalidateFile(path)
      const project = vitest.getRootProject()
      return { vitest, specifications: paths.map((path) => project.createSpecification(path)) }
    })
    return new SuiteRun(
      ready,
      [...paths],
      this.#reporter,
      this.#maxWorkers,
      this.#limits,
      this.#fileOf,
      false,
    )
  }

  /** Releases vitest (its workers and file watchers), unless this is a narrowed view. */
  async close(): Promise<void> {
    if (!this.#ownsVitest) return
    // A vitest that could not be created has nothing to release (its error went to whoever ran).
    const ready = await this.#ready.catch(() => undefined)
    await ready?.vitest.close()
  }
}

/** A stream that hands what is written to it to the reporter's current run. */
function forward(reporter: ResultsReporter, stream: 'stdout' | 'stderr'): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      reporter.output(stream, chunk.toString())
      done()
    },
  })
}

/** How often the watchdog looks for a worker that stopped yielding. */
const watchdogIntervalMs = 500

/** How long past a test's timeout its worker may stay silent before the watchdog stops it. */
const watchdogGraceMs = 5_000

/** How long to wait, after a worker died, for vitest to tell why. */
const crashReportMs = 1_000

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** How long tests may take to wind down after an interrupt. */
const interruptGraceMs = 2_000

/** Resolves `interruptGraceMs` after `signal` aborts, having called `cancel` at the abort. */
function interrupted(signal: AbortSignal, cancel: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    signal.addEventListener(
      'abort',
      () => {
        void cancel()
        setTimeout(resolve, interruptGraceMs)
      },
      { once: true },
    )
  })
}

const interruptSignals: ReadonlySet<string | symbol> = new Set(['SIGINT', 'SIGTERM'])

/**
 * Calls `create` and detaches the SIGINT/SIGTERM listeners it added on its
 * way to its first `await`. vitest's logger, made there by `createVitest`,
 * installs listeners that exit the process at once; signalbox handles these
 * signals itself (bin.ts, before anything starts), so that an interrupted run
 * still stops its devnet and records the verdict `error`. vitest is created
 * while the devnet starts, so they must go at once, not when the creation
 * ends; and only those: a listener a library caller adds meanwhile stays.
 */
function withoutSignalHandlers<T>(create: () => T): T {
  const added: Array<[string | symbol, (...args: unknown[]) => void]> = []
  // Told as each listener is about to be added; all are in place when `create` returns.
  const note = (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (interruptSignals.has(event)) added.push([event, listener])
  }
  process.on('newListener', note)
  try {
    return create()
  } finally {
    process.off('newListener', note)
    for (const [event, listener] of added) process.off(event, listener)
  }
}

/** The default cache folder for a working directory. */
export function defaultCacheDir(cwd: string): string {
  return join(cwd, '.signalbox', 'cache')
}
