import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { secretsOf } from '../devnet/Descriptor.js'
import type { Devnet, DevnetBackend } from '../devnet/Devnet.js'
import type { Decision, Results, RunInfo, TestResult } from '../gates/Results.js'
import { decide } from './Decide.js'
import { exitCodeOf, formatError, isUserFacing, RunError } from './errors.js'
import { createRedactor } from './Redact.js'
import { defaultRunDir, newRunId, writeRunFiles } from './RunFiles.js'
import { defaultCacheDir, SuiteRun } from './SuiteRun.js'

export interface RunOptions {
  /** Working directory: where `.signalbox/` goes. */
  cwd: string
  /** Absolute path of the suites folder. */
  suitesRoot: string
  /** Where the run's files go. Default: `.signalbox/runs/<run id>/` under `cwd`. */
  outDir?: string
  /** The devnet to run against. */
  devnet: DevnetBackend
  /** Gates to judge the run by. Default: `['default']`. */
  gates?: string[]
  /** How long the devnet may take to start. Default: 60 000 ms. */
  startTimeoutMs?: number
  /** Test workers at once. Default: 4. */
  maxWorkers?: number
  /** Aborting it interrupts the run; the verdict is then `error`. */
  signal?: AbortSignal
  /** Called with each test as it finishes (already redacted). */
  onResult?: (result: TestResult) => void
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
}

const exitCodeOfDecision: Record<Decision, number> = { promote: 0, block: 1, error: 2 }

/**
 * One run: find the suites → start the devnet → run the suites → decide →
 * write results.json. Input errors (no suites) throw before anything starts
 * and nothing is written; once the devnet is asked for, every outcome —
 * including a devnet that never came up and an interrupted run — is written
 * down with the verdict `error` where the run could not decide.
 */
export async function run(options: RunOptions): Promise<RunOutcome> {
  const now = options.now ?? (() => new Date())
  const startedAt = now()
  const runId = newRunId(startedAt)
  const outDir = options.outDir ?? defaultRunDir(options.cwd, runId)
  const gates = options.gates ?? ['default']
  let redact = createRedactor([])
  const status = (message: string) => options.onStatus?.(redact(message))

  const suiteRun = await SuiteRun.prepare({
    suitesRoot: options.suitesRoot,
    cacheDir: defaultCacheDir(options.cwd),
    ...(options.maxWorkers ? { maxWorkers: options.maxWorkers } : {}),
    onResult: (result) => options.onResult?.(JSON.parse(redact(JSON.stringify(result)))),
  })

  let devnet: Devnet | undefined
  let tests: TestResult[] = []
  let failure: string | undefined
  let failureExitCode = 2
  const gitCommit = await gitCommitOf(options.cwd)
  try {
    status(`starting the ${options.devnet.name} devnet`)
    devnet = await options.devnet.start({ timeoutMs: options.startTimeoutMs ?? 60_000 })
    redact = createRedactor(secretsOf(devnet.descriptor))
    if (options.signal?.aborted) throw new RunError('the run was interrupted before the suites ran')
    status(`running ${suiteRun.files.length} suite file(s)`)
    const outcome = await suiteRun.run(
      devnet.descriptor,
      options.signal ? { signal: options.signal } : {},
    )
    tests = outcome.results
    failure = incompleteReason(outcome)
  } catch (error) {
    failure = formatError(error)
    failureExitCode = exitCodeOf(error)
    if (!isUserFacing(error)) throw error
  } finally {
    await Promise.all([suiteRun.close(), devnet?.stop()])
  }

  const complete = failure === undefined
  const run: RunInfo = {
    id: runId,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    gates,
    devnet: {
      backend: options.devnet.name,
      name: devnet?.descriptor.name ?? options.devnet.name,
      chains: (devnet?.descriptor.chains ?? []).map(({ name, role, chainId }) => ({
        name,
        role,
        chainId,
      })),
    },
    suitesRoot: options.suitesRoot,
    complete,
  }
  if (gitCommit) run.gitCommit = gitCommit
  if (failure) run.error = failure
  const results: Results = {
    schemaVersion: 1,
    run,
    tests,
    health: [],
    verdicts: gates.map((gate) => decide(gate, tests, complete)),
  }
  const redacted: Results = JSON.parse(redact(JSON.stringify(results)))
  await writeRunFiles(outDir, { 'results.json': `${JSON.stringify(redacted, null, 2)}\n` })
  const decisions = redacted.verdicts.map((verdict) => exitCodeOfDecision[verdict.decision])
  const exitCode = complete ? Math.max(...decisions) : Math.max(2, failureExitCode)
  return { results: redacted, outDir, exitCode }
}

function incompleteReason(outcome: Awaited<ReturnType<SuiteRun['run']>>): string | undefined {
  if (outcome.interrupted) return 'the run was interrupted before every test finished'
  if (outcome.moduleFailures.length > 0) {
    const lines = outcome.moduleFailures.map((failure) => `${failure.file}: ${failure.message}`)
    return `suite file(s) failed to load or run:\n${lines.join('\n')}`
  }
  if (outcome.unhandledErrors.length > 0) {
    return `errors outside any test:\n${outcome.unhandledErrors.join('\n')}`
  }
  if (outcome.results.length === 0) return 'the suites ran no test'
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
