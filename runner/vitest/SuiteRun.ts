import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import {
  createVitest,
  type TestCase,
  type TestModule,
  type TestSpecification,
  type Vitest,
} from 'vitest/node'
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
  explainWorkerDeath,
  type ModuleFailure,
  ResultsReporter,
  type SuiteRunListener,
  testIdentityOf,
  workerDied,
} from './ResultsReporter.js'

/** Acceptance suite files, relative to the suites root. */
export const suiteFilePattern = '**/*.accept.{ts,js,mts,mjs}'

export interface SuiteRunOptions {
  suitesRoot: string
  /** Folder for vitest's cache (test durations, for scheduling slow files first). */
  cacheDir: string
  /** Test workers running at once. Default: 4 (acceptance tests mostly wait on the chain, not the CPU). */
  maxWorkers?: number
}

/** How one run of the suites went; the tests' results went to the run's listener as they finished. */
export interface SuiteRunOutcome {
  /** Tests that reported a result. */
  reported: number
  moduleFailures: ModuleFailure[]
  unhandledErrors: string[]
  interrupted: boolean
}

/**
 * One vitest instance over a suites folder: first find the suite files (so a
 * folder without tests is an input error before any devnet starts), then run
 * them against a devnet, as often as needed (watch and continuous modes run
 * the same instance again).
 */
export class SuiteRun {
  readonly #vitest: Vitest
  readonly #reporter: ResultsReporter
  readonly #specifications: TestSpecification[]
  readonly #maxWorkers: number
  readonly #suitesRoot: string
  #collected:
    | Map<string, { collected: TestIdentity; testCase: TestCase; testModule: TestModule }>
    | undefined

  private constructor(
    vitest: Vitest,
    reporter: ResultsReporter,
    specifications: TestSpecification[],
    maxWorkers: number,
    suitesRoot: string,
  ) {
    this.#vitest = vitest
    this.#suitesRoot = suitesRoot
    this.#reporter = reporter
    this.#specifications = specifications
    this.#maxWorkers = maxWorkers
  }

  /** Finds the suite files under `suitesRoot`; throws an InputError when there are none. */
  static async prepare(options: SuiteRunOptions): Promise<SuiteRun> {
    const { suitesRoot } = options
    if (!existsSync(suitesRoot)) {
      throw new InputError(`suites folder not found: ${suitesRoot}`, {
        hint: 'Point --suites at the folder that holds your *.accept.ts files.',
      })
    }
    const maxWorkers = options.maxWorkers ?? 4
    const reporter = new ResultsReporter(suitesRoot)
    const vitest = await withoutSignalHandlers(() =>
      createVitest(
        'test',
        {
          root: suitesRoot,
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
          // Test lines, for annotations that point at the test.
          includeTaskLocation: true,
          testTimeout: 60_000,
          hookTimeout: 60_000,
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
    const specifications = await vitest.globTestSpecifications()
    if (specifications.length === 0) {
      await vitest.close()
      throw new InputError(`no acceptance suites in ${suitesRoot}`, {
        details: `Looked for files matching ${suiteFilePattern}.`,
        hint: 'A run without tests cannot decide anything; point --suites at your suites.',
      })
    }
    return new SuiteRun(vitest, reporter, specifications, maxWorkers, suitesRoot)
  }

  /** Test workers running at once: the faucet funds an account for each. */
  get workers(): number {
    return this.#maxWorkers
  }

  /** Absolute paths of the suite files found. */
  get files(): string[] {
    return this.#specifications.map((specification) => specification.moduleId)
  }

  /**
   * Finds every test without running any: the suite files are loaded and
   * their describe blocks run, tests are not. A file that fails to load is an
   * InputError naming it.
   */
  async collect(): Promise<TestIdentity[]> {
    const record = this.#reporter.begin(undefined)
    const { testModules } = await this.#vitest.collectTests(this.#specifications)
    const failures = record.moduleFailures
    if (failures.length > 0) {
      throw new InputError('suite file(s) failed to load', {
        details: describeModuleFailures(failures),
      })
    }
    this.#collected = new Map(
      testModules.flatMap((testModule) =>
        [...testModule.children.allTests()].map((testCase) => {
          const collected = testIdentityOf(testCase, this.#suitesRoot)
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
    this.#vitest.provide(providedKeys.devnet, devnet)
    this.#vitest.provide(providedKeys.faucet, faucet)
    const specifications = only ? this.#specificationsFor(only) : this.#specifications
    const record = this.#reporter.begin(only ?? 'all', options.listener)
    // vitest sets the process's exit code when a test fails; what a run means is the caller's to say.
    const exitCode = process.exitCode
    // A worker that dies (out of memory, a native crash) is thrown by vitest as an
    // 'error' event nobody listens to: caught here, it ends the run as incomplete.
    let onCrash: (error: Error) => void = () => {}
    const crashed = new Promise<void>((resolve) => {
      onCrash = (error) => {
        if (!workerDied.test(error.message)) {
          // Not a worker: a bug in signalbox. Never exit 1, which CI reads as "block".
          process.stderr.write(`${formatError(error)}\n`)
          process.exit(ExitCode.error)
        }
        record.unhandledErrors.push(explainWorkerDeath(error.message))
        void this.#vitest.cancelCurrentRun('test-failure')
        resolve()
      }
    })
    process.on('uncaughtException', onCrash)
    try {
      if (!signal?.aborted && specifications.length > 0) {
        const running = this.#vitest.runTestSpecifications(specifications, !only)
        const cancel = () => this.#vitest.cancelCurrentRun('keyboard-input')
        await Promise.race([running, crashed, ...(signal ? [interrupted(signal, cancel)] : [])])
      }
    } finally {
      process.off('uncaughtException', onCrash)
      process.exitCode = exitCode
    }
    return {
      reported: record.reported,
      moduleFailures: record.moduleFailures,
      unhandledErrors: record.unhandledErrors,
      interrupted: signal?.aborted === true || record.endReason === 'interrupted',
    }
  }

  /** Releases vitest (its workers and file watchers). */
  close(): Promise<void> {
    return this.#vitest.close()
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

const interruptSignals = ['SIGINT', 'SIGTERM'] as const

/**
 * Runs `create` and detaches the SIGINT/SIGTERM listeners it added. vitest's
 * logger installs listeners that exit the process at once; signalbox handles
 * these signals itself, so that an interrupted run still stops its devnet and
 * records the verdict `error`.
 */
async function withoutSignalHandlers<T>(create: () => Promise<T>): Promise<T> {
  const before = new Map(
    interruptSignals.map((signal) => [signal, new Set(process.listeners(signal))]),
  )
  try {
    return await create()
  } finally {
    for (const signal of interruptSignals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.off(signal, listener)
      }
    }
  }
}

/** The default cache folder for a working directory. */
export function defaultCacheDir(cwd: string): string {
  return join(cwd, '.signalbox', 'cache')
}
