import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { Results } from '../../../core/index.js'
import { fixtureRun, manyTests } from './HistoryFixtures.js'

/**
 * The crash test's two halves: a child process (`crashWriter.ts`) saves a
 * few runs, then starts saving a large one; the test kills it with SIGKILL
 * once the database reports the save's transaction open, and checks what is
 * left.
 */

/** Tests in the run that is killed while it is saved. */
export const largeRunTests = 10_000
/** Runs saved whole before the large one. */
const earlierRuns = 3
const childTimeoutMs = 60_000

/** The runs of one attempt, the same in the child and in the test. */
export function crashRuns(attempt: number): { earlier: Results[]; large: Results } {
  const startOf = (index: number) => new Date(Date.UTC(2026, 10, 1 + attempt, index)).toISOString()
  const earlier = Array.from({ length: earlierRuns }, (_, index) =>
    fixtureRun({
      id: `crash-${attempt}-earlier-${index}`,
      startedAt: startOf(index),
      gitCommit: `commit-${attempt}`,
      tests: manyTests(200, { seed: attempt * 10 + index }),
    }),
  )
  const large = fixtureRun({
    id: `crash-${attempt}-large`,
    startedAt: startOf(earlierRuns),
    gitCommit: `commit-${attempt}`,
    gates: ['alphanet', 'betanet'],
    tests: manyTests(largeRunTests, { seed: attempt }),
  })
  return { earlier, large }
}

/** What one attempt saw. */
export interface CrashAttempt {
  /** The child said the large run was saved before the kill landed. */
  finished: boolean
  /** The database reported the save's transaction open before the kill. */
  killedInTransaction: boolean
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const writer = join(dirname(fileURLToPath(import.meta.url)), 'crashWriter.ts')

/**
 * Runs the writer against the store `spec` names and SIGKILLs it while it
 * saves the large run: as soon as `writeInProgress()` says its transaction
 * is open, after a further `extraDelayMs` (to land deeper in it).
 */
export async function killMidSave(options: {
  spec: string
  attempt: number
  extraDelayMs: number
  writeInProgress: () => Promise<boolean>
}): Promise<CrashAttempt> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer], {
    cwd: repoRoot,
    // The spec goes by the environment: a PostgreSQL URL carries a password, and argv is public.
    env: {
      ...process.env,
      SIGNALBOX_CRASH_STORE: options.spec,
      SIGNALBOX_CRASH_ATTEMPT: String(options.attempt),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
  const running = () => child.exitCode === null && child.signalCode === null
  const deadline = Date.now() + childTimeoutMs
  try {
    while (!output.includes('saving large run')) {
      if (!running()) throw new Error(`the crash writer ended before the large run:\n${output}`)
      if (Date.now() > deadline)
        throw new Error(`the crash writer did not start the large run:\n${output}`)
      await sleep(5)
    }
    let killedInTransaction = false
    while (running() && Date.now() < deadline) {
      if (await options.writeInProgress()) {
        killedInTransaction = true
        break
      }
      await sleep(1)
    }
    if (killedInTransaction && options.extraDelayMs > 0) await sleep(options.extraDelayMs)
    child.kill('SIGKILL')
    await exited
    return { finished: output.includes('saved large run'), killedInTransaction }
  } finally {
    if (running()) {
      child.kill('SIGKILL')
      await exited
    }
  }
}
