import {
  createRedactor,
  type ExitCode,
  explainError,
  formatDurationOption,
  type HealthCheck,
  InputError,
  type Redact,
  Results,
  RunError,
  type RunEvent,
  type RunInfo,
  type RunListener,
  redactData,
  SignalboxError,
  sealResults,
  type TestResult,
  UsageError,
} from '../../core/index.js'
import { clientVersionOf } from '../../devnet/ClientVersion.js'
import { type DevnetDescriptor, secretsOf } from '../../devnet/Descriptor.js'
import type { Devnet, DevnetBackend } from '../../devnet/Devnet.js'
import type { HealthWatch } from '../../devnet/HealthWatch.js'
import {
  judge,
  planOf,
  type ReadinessFile,
  type ResolvedGate,
  selectsTests,
} from '../../gates/index.js'
import { gitCommitOf } from '../files/Git.js'
import { defaultCacheDir, newRunId } from '../files/Workspace.js'
import { describeModuleFailures } from '../vitest/ResultsReporter.js'
import { SuiteRun, type SuiteRunOutcome } from '../vitest/SuiteRun.js'
import type { SuitesRoot } from '../vitest/SuitesRoots.js'
import { HeldEvents } from './HeldEvents.js'
import { matchesNamePattern } from './NameFilter.js'
import { repeatedResult } from './Repeat.js'
import { planShard, type ShardPlan, type ShardSpec } from './Shard.js'
import { type StopCause, stopFailure, stoppedResults } from './Stopped.js'
import type { fundSubFunders, SubFunderPlan } from './SubFunders.js'

export interface RunOptions {
  /** Working directory: where `.signalbox/` (vitest's cache) goes, and whose git commit is recorded. */
  cwd: string
  /** Absolute path of the suites folder (the first, where `suites` names several). */
  suitesRoot: string
  /** Every suites folder (`--suites`, repeated; see `SuitesRoots`). Default: `suitesRoot` alone. */
  suites?: readonly SuitesRoot[]
  /** Positional file filters: only the suite files they name run (see `SuiteRun`). Default: all. */
  fileFilters?: readonly string[]
  /** `-t`: only the tests whose full name matches run (see `NameFilter`). Default: all. */
  testNamePattern?: RegExp
  /**
   * A SuiteRun prepared by the caller, used instead of preparing one from
   * `suites` and `fileFilters` (watch mode runs one vitest instance again);
   * the caller closes it. Default: one prepared and closed by the run.
   */
  suiteRun?: SuiteRun
  /** The devnet to run against. */
  devnet: DevnetBackend
  /** Gates to judge the run by, resolved; each test runs once and each gate gets its verdict. */
  gates: ResolvedGate[]
  /** The release candidate's readiness file: checklist, manual findings, triage, mitigations. */
  readiness?: ReadinessFile
  /** Checks the devnet is operational before any test; failed checks are SEV0 findings. Default: none. */
  checkHealth?: (descriptor: DevnetDescriptor) => Promise<HealthCheck[]>
  /**
   * Watches the devnet while the tests run (`watchHealth`); what it returns at
   * the end joins the health checks, so a node that dies or a chain that
   * halts during the run is a SEV0 finding. Default: not watched.
   */
  watchHealth?: (descriptor: DevnetDescriptor, runningTests: () => readonly string[]) => HealthWatch
  /** How long the devnet may take to start. Default: 60 000 ms. */
  startTimeoutMs?: number
  /** Test workers at once. Default: 4. */
  maxWorkers?: number
  /**
   * How long a test or hook may run unless it sets its own timeout
   * (`--test-timeout`; see `SuiteRun`). Default: 60 000 ms.
   */
  testTimeoutMs?: number
  /**
   * The run's deadline (`--timeout`), from the suites' collection and the
   * devnet's start to the last test: past it, the suites are stopped, the
   * tests still running are recorded as stopped by signalbox, and the run is
   * incomplete (verdict `error`). Default: none (the CLI's default is 30m).
   */
  timeoutMs?: number
  /** Aborting it interrupts the run; the verdict is then `error`. */
  signal?: AbortSignal
  /** Hears every event of the run as it happens, already redacted (see `RunEvent`). Default: none. */
  onEvent?: RunListener
  /** The clock. Default: the system clock. */
  now?: () => Date
  /**
   * Run only this shard of the selected tests (`--shard i/n`), split by the
   * tests' recent durations (`durationsMs`, from history; empty without).
   * Default: every selected test.
   */
  shard?: { spec: ShardSpec; durationsMs: ReadonlyMap<string, number> }
  /** Run each selected test this often (`--repeat <n>`), on the one devnet. Default: 1. */
  repeat?: number
}

export interface RunOutcome {
  /** The run's results, redacted: what results.json holds. */
  results: Results
  /** 0 when every gate promotes, 1 when one blocks, 2 when the run could not decide. */
  exitCode: ExitCode
}

/**
 * One run: find the suites → start the devnet → check its health → run the
 * selected tests → judge each gate. Returns the results and tells `onEvent`
 * what happens as it happens; writing files is the caller's. Input errors (no
 * suites, a bad gate) throw before anything starts; once the devnet is asked
 * for, every outcome — a devnet that never came up, an interrupted run — is
 * returned as results, with the verdict `error` where the run could not
 * decide.
 *
 * Redaction happens once, here, where data leaves the run: every event and
 * every part of the results is redacted as it is recorded (the devnet's keys
 * once it is up, credentials in URLs and tokens always).
 */
export async function run(options: RunOptions): Promise<RunOutcome> {
  // Without a gate nothing decides, and nothing would say so.
  if (options.gates.length === 0) throw new UsageError('a run needs at least one gate')
  const now = options.now ?? (() => new Date())
  const startedAt = now()
  const runId = newRunId(startedAt)
  let redact: Redact = createRedactor()
  const emit = (event: RunEvent) => options.onEvent?.(event)
  // The faucet's side (viem's clients and accounts, about 0.3 s to load) loads while the devnet
  // starts; it is first needed once the devnet is up. Read where it is awaited.
  const faucetModule = import('./SubFunders.js')
  faucetModule.catch(() => {})

  const suiteRun =
    options.suiteRun ??
    (await SuiteRun.prepare({
      suitesRoot: options.suitesRoot,
      cacheDir: defaultCacheDir(options.cwd),
      cwd: options.cwd,
      ...(options.suites ? { suites: options.suites } : {}),
      ...(options.fileFilters ? { fileFilters: options.fileFilters } : {}),
      ...(options.maxWorkers ? { maxWorkers: options.maxWorkers } : {}),
      ...(options.testTimeoutMs ? { testTimeoutMs: options.testTimeoutMs } : {}),
    }))
  emit({
    type: 'run-started',
    runId,
    startedAt: startedAt.toISOString(),
    gates: options.gates.map((gate) => gate.name),
    backend: options.devnet.name,
  })

  let devnet: Devnet | undefined
  let devnetInfo: RunInfo['devnet'] = {
    backend: options.devnet.name,
    name: options.devnet.name,
    chains: [],
  }
  // By id: a test reports once per repetition, however an interrupt or a retry makes vitest tell of it again.
  const repetitions: Map<string, TestResult>[] = []
  let shardPlan: ShardPlan | undefined
  let health: HealthCheck[] = []
  let failure: string | undefined
  // Asked while the run goes on, not before it.
  const gitCommit = gitCommitOf(options.cwd)
  const deadline = new AbortController()
  const { timeoutMs } = options
  const deadlineTimer =
    timeoutMs === undefined ? undefined : setTimeout(() => deadline.abort(), timeoutMs)
  const stopping = options.signal
    ? AbortSignal.any([options.signal, deadline.signal])
    : deadline.signal
  const passedDeadline = (when: string) =>
    new RunError(
      `the run passed its deadline of ${formatDurationOption(timeoutMs ?? 0)} (--timeout) ${when}`,
    )
  try {
    const selection = await selectionOf(suiteRun, options)
    const only = selection?.only
    shardPlan = selection?.shard
    if (deadline.signal.aborted) throw passedDeadline('before the devnet started')
    devnet = await options.devnet.start({ timeoutMs: options.startTimeoutMs ?? 60_000 })
    redact = createRedactor({ secrets: secretsOf(devnet.descriptor) })
    const clientVersions = Promise.all(
      devnet.descriptor.chains.map((chain) => clientVersionOf(chain.rpcUrl)),
    )
    devnetInfo = redactData(devnetInfoOf(options.devnet.name, devnet.descriptor, []), redact)
    emit({ type: 'devnet-ready', devnet: devnetInfo })
    if (options.signal?.aborted) throw new RunError('the run was interrupted before the suites ran')
    if (deadline.signal.aborted) throw passedDeadline('before the suites ran')
    // Before the health checks: a chain without funds is a harness problem, not a sick devnet.
    const { planSubFunders, fundSubFunders } = await faucetModule
    const funding = await planSubFunders(devnet.descriptor, { workers: suiteRun.workers })
    // Funding is the faucet's to judge (a harness problem, not the devnet's health). The CLI
    // asks for the checks without it; a library caller's checkHealth may still include it.
    const checkRedact = redact
    const healthChecks = options.checkHealth
      ? options
          .checkHealth(devnet.descriptor)
          .then((checks) => redactData(withoutFundingChecks(checks), checkRedact))
      : Promise.resolve([])
    // Read by whoever awaits it; meanwhile a failure must not be an unhandled rejection.
    healthChecks.catch(() => {})
    const reportHealth = (checks: HealthCheck[]) => {
      health = checks
      if (options.checkHealth) emit({ type: 'health-checked', checks })
      throwOnWrongChainId(checks)
    }
    // The checks overlap the suites' start only where they wait for a block and send
    // nothing: a chain whose balances the preflight could not read is one they will find
    // down, and on a chain that mines on demand they send a transaction from the wallet
    // that also funds the suites (one sender at a time), and wait for no block there.
    const overlap =
      funding.unreadable.length === 0 &&
      devnet.descriptor.chains.every((chain) => chain.blockTimeSeconds !== undefined)
    if (!overlap) reportHealth(await healthChecks)
    devnetInfo = redactData(
      devnetInfoOf(options.devnet.name, devnet.descriptor, await clientVersions),
      redact,
    )
    // The failed checks are SEV0 findings; suites on a broken devnet would only add noise.
    if (health.every((check) => check.ok)) {
      // The suites start (vitest's workers import and collect) while the checks
      // finish, most of which is waiting for a block: what the suites report is
      // held until the checks pass. If they fail, the suites and their funding
      // are stopped and what the suites reported is dropped.
      const events = new HeldEvents(emit)
      const unhealthy = new AbortController()
      const testAccounts = provisionTestAccounts(
        fundSubFunders,
        devnet.descriptor,
        funding,
        AbortSignal.any([stopping, unhealthy.signal]),
      )
      redact = testAccounts.redact
      let wrongChainId: unknown
      const decideHealth = (checks: HealthCheck[]) => {
        try {
          reportHealth(checks)
        } catch (error) {
          wrongChainId = error
        }
        if (wrongChainId === undefined && checks.every((check) => check.ok)) events.release()
        else {
          events.drop()
          unhealthy.abort()
        }
      }
      // Without the overlap the checks were reported above, and passed.
      if (!overlap) events.release()
      const healthDecided = overlap ? healthChecks.then(decideHealth) : Promise.resolve()
      healthDecided.catch(() => unhealthy.abort())
      events.push({
        type: 'suites-started',
        files: suiteRun.files.length,
        ...(only ? { selected: only.size } : {}),
      })
      const running = new Set<string>()
      const watch = options.watchHealth?.(devnet.descriptor, () => [...running])
      try {
        for (let repetition = 0; repetition < (options.repeat ?? 1); repetition++) {
          const tests = new Map<string, TestResult>()
          repetitions.push(tests)
          let recording = true
          let found = 0
          const outcome = await suiteRun.run(devnet.descriptor, testAccounts.subFunders.provision, {
            signal: testAccounts.signal,
            ...(only ? { only } : {}),
            listener: {
              testsFound: (count) => {
                found += count
                events.push({ type: 'tests-found', count })
              },
              testStarted: (test) => {
                running.add(test.id)
                events.push({ type: 'test-started', test: redactData(test, redact) })
              },
              output: (stream, text) =>
                events.push({ type: 'test-output', stream, text: redact(text) }),
              testFinished: (raw) => {
                running.delete(raw.id)
                // Tests abandoned after an interrupt may still report: the run has moved on.
                if (!recording) return
                // vitest tells of the other tests of a file it runs some tests of, as skipped:
                // they were not selected, so they are not part of this run.
                if (only && !only.has(raw.id)) return
                if (tests.has(raw.id)) return
                const result = redactData(raw, redact)
                tests.set(result.id, result)
                events.push({ type: 'test-finished', result })
              },
            },
          })
          recording = false
          await healthDecided
          if (wrongChainId !== undefined) throw wrongChainId
          if (unhealthy.signal.aborted) {
            // The checks' findings decide: the tests ran on a devnet that was not operational.
            repetitions.length = 0
            break
          }
          // Stopped by signalbox (past the deadline, or a test that blocked its worker): the
          // tests that were running are recorded as stopped, and the stop is the run's error.
          const stop: StopCause | undefined =
            outcome.stuck.length > 0
              ? { type: 'stuck', stuck: outcome.stuck }
              : deadline.signal.aborted && !options.signal?.aborted
                ? { type: 'deadline', timeoutMs: timeoutMs ?? 0 }
                : undefined
          if (stop) {
            // What vitest said of them after it was told to cancel does not count: signalbox stopped them.
            const unfinished = outcome.unfinished.filter(({ test }) => !only || only.has(test.id))
            for (const stopped of stoppedResults(unfinished, stop)) {
              const result = redactData(stopped, redact)
              tests.set(result.id, result)
              events.push({ type: 'test-finished', result })
            }
            failure = stopFailure(stop, unfinished)
            break
          }
          // An interrupt also stops the funding: the interrupt is what the run says.
          failure =
            (outcome.interrupted ? undefined : testAccounts.failure()) ??
            incompleteReason(outcome, { found, recorded: tests.size, selected: only?.size })
          if (failure) break
        }
      } finally {
        // Health while the tests ran joins the checks before them, even when the run broke off;
        // not when the checks before them failed: those say it already.
        const watched = watch ? await watch.stop() : []
        if (!unhealthy.signal.aborted) health = [...health, ...redactData(watched, redact)]
        await testAccounts.release()
      }
    }
  } catch (error) {
    if (!(error instanceof SignalboxError)) throw error
    failure = explainError(error)
  } finally {
    clearTimeout(deadlineTimer)
    await Promise.all([options.suiteRun ? undefined : suiteRun.close(), devnet?.stop()])
  }

  const run: RunInfo = {
    id: runId,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    gates: options.gates.map((gate) => gate.name),
    devnet: devnetInfo,
    suitesRoot: options.suitesRoot,
    ...(shardPlan
      ? {
          shard: {
            index: shardPlan.index,
            count: shardPlan.count,
            selection: shardPlan.selection,
            split: shardPlan.split,
            tests: shardPlan.tests,
          },
        }
      : {}),
    ...(options.repeat !== undefined && options.repeat > 1 ? { repeat: options.repeat } : {}),
    complete: failure === undefined,
  }
  const commit = await gitCommit
  if (commit) run.gitCommit = commit
  if (failure) run.error = redact(failure)
  const judgement = judge({
    results: { tests: testsOf(repetitions), health, run },
    gates: options.gates,
    readiness: options.readiness,
    now: startedAt,
  })
  // Through the schema: what is returned is exactly the versioned contract, in its key order.
  const results = sealResults(
    Results.parse({
      schemaVersion: 1,
      run,
      tests: judgement.tests,
      health,
      verdicts: judgement.verdicts,
    }),
  )
  emit({ type: 'run-finished', results })
  return { results, exitCode: judgement.exitCode }
}

/**
 * The provisioning hook: funds one faucet account per test worker (see
 * `fundSubFunders`) while vitest starts, and redacts the run's fresh keys
 * from then on. Funding that fails stops the suites, and `failure()` says why
 * (a HarnessError: the run is an error naming the chain). Aborting `signal`
 * (an interrupt, failed health checks) stops the funding and the suites.
 */
function provisionTestAccounts(
  fund: typeof fundSubFunders,
  descriptor: DevnetDescriptor,
  funding: SubFunderPlan,
  signal: AbortSignal,
) {
  const subFunders = fund(funding, signal)
  const stop = new AbortController()
  let fundingFailure: string | undefined
  subFunders.funded.catch((error: unknown) => {
    fundingFailure = error instanceof SignalboxError ? explainError(error) : String(error)
    stop.abort(error)
  })
  return {
    subFunders,
    signal: AbortSignal.any([signal, stop.signal]),
    redact: createRedactor({
      secrets: secretsOf(descriptor),
      keyPrefixes: [subFunders.provision.keyMarker],
    }),
    /** Why funding failed, if it did. */
    failure: () => fundingFailure,
    /** Gives what the sub-funders have left back to the funded wallets, once the tests are done. */
    release: () => subFunders.returnLeftovers(),
  }
}

/** Health checks without `wallets-funded`: whether the tests' accounts can be funded is the faucet's to say. */
function withoutFundingChecks(health: readonly HealthCheck[]): HealthCheck[] {
  return health.filter((check) => check.check !== 'wallets-funded')
}

function devnetInfoOf(
  backend: string,
  descriptor: DevnetDescriptor,
  clientVersions: ReadonlyArray<string | undefined>,
): RunInfo['devnet'] {
  return {
    backend,
    name: descriptor.name,
    chains: descriptor.chains.map(({ name, role, chainId }, index) => {
      const clientVersion = clientVersions[index]
      return { name, role, chainId, ...(clientVersion ? { clientVersion } : {}) }
    }),
  }
}

/**
 * A node that answers with another chain id than its descriptor or definition
 * declares means the input is wrong, not the devnet: the run stops as bad
 * input (exit 2) rather than judging a devnet it cannot identify.
 */
function throwOnWrongChainId(health: readonly HealthCheck[]): void {
  // Only reachable nodes get a chain-id check, so a failed one is a real mismatch.
  const wrong = health.filter((check) => check.check === 'chain-id' && !check.ok)
  if (wrong.length === 0) return
  throw new InputError('the devnet does not answer with the chain ids it declares', {
    details: wrong
      .map((check) => `${check.chain}${check.node ? ` (node ${check.node})` : ''}: ${check.detail}`)
      .join('\n'),
    hint: 'Fix the chain id in the devnet descriptor or definition (or point it at the right nodes).',
  })
}

/**
 * The ids of the tests to run, when some gate picks tests, `-t` names some or
 * the run is a shard (all need every test known before the run); undefined
 * when every gate takes every test. A `-t` that matches no test is an
 * InputError.
 */
async function selectionOf(
  suiteRun: SuiteRun,
  options: Pick<RunOptions, 'gates' | 'shard' | 'testNamePattern'>,
): Promise<{ only: Set<string>; shard?: ShardPlan } | undefined> {
  const { gates, shard, testNamePattern } = options
  if (!shard && !testNamePattern && !gates.some(selectsTests)) return undefined
  const collected = await suiteRun.collect()
  const named = testNamePattern
    ? collected.filter((test) => matchesNamePattern(test.id, testNamePattern))
    : collected
  if (testNamePattern && named.length === 0) {
    throw new InputError(`-t ${testNamePattern.source}: no test's name matches`, {
      details: `${collected.length} test(s) in the suite files run; a test's name is its describe blocks and its own, joined by spaces.`,
    })
  }
  const selected = planOf(named, gates).toRun
  if (!shard) return { only: new Set(selected) }
  const plan = planShard(shard.spec, gates, selected, shard.durationsMs)
  return { only: new Set(plan.tests), shard: plan }
}

/**
 * One result per test: under `--repeat`, a test's results of every
 * repetition make one (see `repeatedResult`); in the order tests first reported.
 */
function testsOf(repetitions: readonly ReadonlyMap<string, TestResult>[]): TestResult[] {
  if (repetitions.length <= 1) return [...(repetitions[0]?.values() ?? [])]
  const byTest = new Map<string, TestResult[]>()
  for (const tests of repetitions) {
    for (const [id, result] of tests) byTest.set(id, [...(byTest.get(id) ?? []), result])
  }
  return [...byTest.values()].map(repeatedResult)
}

function incompleteReason(
  outcome: SuiteRunOutcome,
  counts: { found: number; recorded: number; selected: number | undefined },
): string | undefined {
  const { found, recorded, selected } = counts
  if (outcome.interrupted) {
    const running = outcome.unfinished.map((entry) => `"${entry.test.id}"`).join(', ')
    return `the run was interrupted before every test finished${running ? `; still running: ${running}` : ''}`
  }
  if (outcome.moduleFailures.length > 0) {
    return `suite file(s) failed to load or run:\n${describeModuleFailures(outcome.moduleFailures)}`
  }
  if (outcome.unhandledErrors.length > 0) {
    return `errors outside any test:\n${outcome.unhandledErrors.join('\n')}`
  }
  // A test that was found but never reported is no pass: the run did not see it end.
  const expected = Math.max(selected ?? 0, found)
  if (recorded < expected) return `${expected - recorded} test(s) found never reported`
  // Zero tests selected is the gates' to judge (a block), not a broken run.
  if (recorded === 0 && selected === undefined) return 'the suites ran no test'
  return undefined
}
