import { execFile } from 'node:child_process'
import { relative, sep } from 'node:path'
import { promisify } from 'node:util'
import {
  createRedactor,
  type Decision,
  explainError,
  type HealthCheck,
  InputError,
  Results,
  RunError,
  type RunInfo,
  SignalboxError,
  type TestResult,
  UsageError,
} from '../core/index.js'
import { clientVersionOf } from '../devnet/ClientVersion.js'
import { type DevnetDescriptor, secretsOf } from '../devnet/Descriptor.js'
import type { Devnet, DevnetBackend } from '../devnet/Devnet.js'
import { applyQuarantine, evaluate, type ReadinessFile, type ResolvedGate } from '../gates/index.js'
import type { ReportExtras } from '../reports/index.js'
import { selectsTests } from './GateConfig.js'
import { planOf } from './Plan.js'
import { describeModuleFailures } from './ResultsReporter.js'
import { defaultRunDir, newRunId, renderRunFiles, writeRunFiles } from './RunFiles.js'
import { defaultCacheDir, SuiteRun, type SuiteRunOutcome } from './SuiteRun.js'

export interface RunOptions {
  /** Working directory: where `.signalbox/` goes. */
  cwd: string
  /** Absolute path of the suites folder. */
  suitesRoot: string
  /** Where the run's files go. Default: `.signalbox/runs/<run id>/` under `cwd`. */
  outDir?: string
  /** The devnet to run against. */
  devnet: DevnetBackend
  /** Gates to judge the run by, resolved; each test runs once and each gate gets its verdict. */
  gates: ResolvedGate[]
  /** The release candidate's readiness file: checklist, manual findings, triage, mitigations. */
  readiness?: ReadinessFile
  /** Checks the devnet is operational before any test; failed checks are SEV0 findings. Default: none. */
  checkHealth?: (descriptor: DevnetDescriptor) => Promise<HealthCheck[]>
  /** How long the devnet may take to start. Default: 60 000 ms. */
  startTimeoutMs?: number
  /** Test workers at once. Default: 4. */
  maxWorkers?: number
  /** Aborting it interrupts the run; the verdict is then `error`. */
  signal?: AbortSignal
  /** Called with each test as it finishes (already redacted). */
  onResult?: (result: TestResult) => void
  /** Called with the number of tests in each suite file as they are found. */
  onTestsFound?: (count: number) => void
  /** Called with progress messages (already redacted). */
  onStatus?: (message: string) => void
  /** The clock. Default: the system clock. */
  now?: () => Date
}

export interface RunOutcome {
  results: Results
  /** Folder the run's files were written to. */
  outDir: string
  exitCode: number
  /** What the reports were rendered with (readiness, path prefix), for any other report of the run. */
  extras: ReportExtras
}

/** The exit code of a decision: 0 promote, 1 block, 2 error. */
export const exitCodeOfDecision: Record<Decision, number> = { promote: 0, block: 1, error: 2 }

/**
 * One run: find the suites → start the devnet → check its health → run the
 * selected tests → judge each gate → write results.json. Input errors (no
 * suites, a bad gate) throw before anything starts and nothing is written;
 * once the devnet is asked for, every outcome — a devnet that never came up,
 * an interrupted run included — is written down, with the verdict `error`
 * where the run could not decide.
 */
export async function run(options: RunOptions): Promise<RunOutcome> {
  // Without a gate nothing decides, and nothing would say so.
  if (options.gates.length === 0) throw new UsageError('a run needs at least one gate')
  const now = options.now ?? (() => new Date())
  const startedAt = now()
  const runId = newRunId(startedAt)
  const outDir = options.outDir ?? defaultRunDir(options.cwd, runId)
  let redact = createRedactor()
  const status = (message: string) => options.onStatus?.(redact(message))

  const suiteRun = await SuiteRun.prepare({
    suitesRoot: options.suitesRoot,
    cacheDir: defaultCacheDir(options.cwd),
    ...(options.maxWorkers ? { maxWorkers: options.maxWorkers } : {}),
    onResult: (result) => options.onResult?.(JSON.parse(redact(JSON.stringify(result)))),
    ...(options.onTestsFound ? { onTestsFound: options.onTestsFound } : {}),
  })

  let devnet: Devnet | undefined
  let tests: TestResult[] = []
  let health: HealthCheck[] = []
  let failure: string | undefined
  let clientVersions: Array<string | undefined> = []
  // Asked while the run goes on, not before it.
  const gitCommit = gitCommitOf(options.cwd)
  try {
    const only = await selectionOf(suiteRun, options.gates)
    status(`starting the ${options.devnet.name} devnet`)
    devnet = await options.devnet.start({ timeoutMs: options.startTimeoutMs ?? 60_000 })
    redact = createRedactor({ secrets: secretsOf(devnet.descriptor) })
    const versions = Promise.all(
      devnet.descriptor.chains.map((chain) => clientVersionOf(chain.rpcUrl)),
    )
    if (options.signal?.aborted) throw new RunError('the run was interrupted before the suites ran')
    if (options.checkHealth) {
      status('checking the devnet is operational')
      health = await options.checkHealth(devnet.descriptor)
      throwOnWrongChainId(health)
    }
    clientVersions = await versions
    const healthy = health.every((check) => check.ok)
    if (healthy) {
      status(
        `running ${only ? `${only.size} selected test(s)` : `${suiteRun.files.length} suite file(s)`}`,
      )
      const outcome = await suiteRun.run(devnet.descriptor, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(only ? { only } : {}),
      })
      tests = outcome.results
      failure = incompleteReason(outcome, only)
    } else {
      // The failed checks are SEV0 findings; suites on a broken devnet would only add noise.
      status('the devnet is not operational: the suites do not run')
    }
  } catch (error) {
    if (!(error instanceof SignalboxError)) throw error
    failure = explainError(error)
  } finally {
    await Promise.all([suiteRun.close(), devnet?.stop()])
  }

  if (options.readiness) tests = applyQuarantine(tests, options.readiness.quarantine, startedAt)
  const complete = failure === undefined
  const run: RunInfo = {
    id: runId,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    gates: options.gates.map((gate) => gate.name),
    devnet: {
      backend: options.devnet.name,
      name: devnet?.descriptor.name ?? options.devnet.name,
      chains: (devnet?.descriptor.chains ?? []).map(({ name, role, chainId }, index) => {
        const clientVersion = clientVersions[index]
        return { name, role, chainId, ...(clientVersion ? { clientVersion } : {}) }
      }),
    },
    suitesRoot: options.suitesRoot,
    complete,
  }
  const commit = await gitCommit
  if (commit) run.gitCommit = commit
  if (failure) run.error = failure
  const verdicts = options.gates.map((gate) =>
    evaluate({
      gate,
      tests,
      health,
      readiness: options.readiness,
      now: startedAt,
      complete,
      error: failure,
    }),
  )
  const results: Results = { schemaVersion: 1, run, tests, health, verdicts }
  // Through the schema: what is written is exactly the versioned contract, in its key order.
  const redacted = Results.parse(JSON.parse(redact(JSON.stringify(results))))
  const extras: ReportExtras = {
    ...(options.readiness ? { readiness: options.readiness } : {}),
    // Test files are relative to the suites root; reports point at repository paths.
    pathPrefix: relative(options.cwd, options.suitesRoot).split(sep).join('/'),
  }
  await writeRunFiles(outDir, renderRunFiles(redacted, extras, redact))
  // A run that could not complete decides nothing: its verdicts are `error`, exit 2.
  const exitCode = Math.max(
    ...redacted.verdicts.map((verdict) => exitCodeOfDecision[verdict.decision]),
  )
  return { results: redacted, outDir, exitCode, extras }
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
 * The ids of the tests the gates select together, when some gate picks tests
 * (that needs every test known before the run); undefined when every gate
 * takes every test.
 */
async function selectionOf(
  suiteRun: SuiteRun,
  gates: readonly ResolvedGate[],
): Promise<Set<string> | undefined> {
  if (!gates.some(selectsTests)) return undefined
  return new Set(planOf(await suiteRun.collect(), gates).toRun)
}

function incompleteReason(
  outcome: SuiteRunOutcome,
  only: ReadonlySet<string> | undefined,
): string | undefined {
  if (outcome.interrupted) return 'the run was interrupted before every test finished'
  if (outcome.moduleFailures.length > 0) {
    return `suite file(s) failed to load or run:\n${describeModuleFailures(outcome.moduleFailures)}`
  }
  if (outcome.unhandledErrors.length > 0) {
    return `errors outside any test:\n${outcome.unhandledErrors.join('\n')}`
  }
  const expected = only?.size
  if (expected !== undefined && outcome.results.length < expected) {
    return `${expected - outcome.results.length} selected test(s) never reported`
  }
  // Zero tests selected is the gates' to judge (a block), not a broken run.
  if (outcome.results.length === 0 && expected === undefined) return 'the suites ran no test'
  return undefined
}

async function gitCommitOf(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], {
      cwd,
      timeout: 2_000,
    })
    return stdout.trim() || undefined
  } catch {
    return undefined
  }
}
