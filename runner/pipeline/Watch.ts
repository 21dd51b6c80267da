import { existsSync } from 'node:fs'
import type { RunListener } from '../../core/index.js'
import { defaultCacheDir } from '../files/Workspace.js'
import { SuiteRun } from '../vitest/SuiteRun.js'
import {
  filterSuiteFiles,
  isSuiteFile,
  type SuitesRoot,
  suiteFileAt,
} from '../vitest/SuitesRoots.js'
import { watchFolders } from './FolderWatch.js'
import { type RunOptions, type RunOutcome, run } from './Run.js'

/**
 * `signalbox run --watch`: the inner loop. One run over every selected file,
 * then, on each save under a suites root, a run of what changed against the
 * same devnet (a held one: `signalbox devnet up`), on the same vitest
 * instance, until the signal aborts. A changed suite file reruns itself; a
 * changed helper (any other code file under a root) reruns every file.
 */

export interface WatchOptions
  extends Omit<RunOptions, 'suiteRun' | 'shard' | 'repeat' | 'signal' | 'onEvent'> {
  /** Every suites folder watched and run. */
  suites: readonly SuitesRoot[]
  /** Aborting it ends the watch (the run going on is interrupted). */
  signal: AbortSignal
  /** Hears each run's outcome: the first (`rerun` undefined), then each rerun with the files it ran. */
  onRun: (outcome: RunOutcome, rerun: { files: string[] } | undefined) => void | Promise<void>
  /** Told, after each run, that changes are awaited. Default: nothing. */
  onWaiting?: () => void
  /** The listener of each run's events, made afresh for each (progress starts again). Default: none. */
  eventsOfRun?: () => RunListener
  /** How long saves may go on before a rerun starts. Default: 100 ms. */
  settleMs?: number
}

/** Code files whose change reruns suites: a suite file, or a helper the suites may import. */
const codeFile = /\.(?:[cm]?[jt]s|json)$/

/** Runs the suites, then again on every change, until `signal` aborts. */
export async function watchRuns(options: WatchOptions): Promise<void> {
  const { signal, suites } = options
  const suiteRun = await SuiteRun.prepare({
    suitesRoot: options.suitesRoot,
    suites,
    cacheDir: defaultCacheDir(options.cwd),
    cwd: options.cwd,
    ...(options.fileFilters ? { fileFilters: options.fileFilters } : {}),
    ...(options.maxWorkers ? { maxWorkers: options.maxWorkers } : {}),
  })
  const changes = new ChangeQueue()
  // Watching starts before the first run: a save while it runs is a rerun after it.
  const watcher = watchFolders(
    suites.map((root) => root.dir),
    (path) => {
      if (codeFile.test(path)) changes.add(path)
    },
  )
  let files = suiteRun.files
  const runOnce = (current: SuiteRun) =>
    run({
      ...options,
      suiteRun: current,
      signal,
      ...(options.eventsOfRun ? { onEvent: options.eventsOfRun() } : {}),
    })
  try {
    await options.onRun(await runOnce(suiteRun), undefined)
    while (!signal.aborted) {
      options.onWaiting?.()
      const changed = await changes.next(signal, options.settleMs ?? 100)
      if (changed === undefined) break
      const rerun = rerunOf(changed, {
        files,
        suites,
        filters: options.fileFilters,
        cwd: options.cwd,
      })
      files = rerun.files
      if (rerun.toRun.length === 0) continue
      const outcome = await runOnce(suiteRun.narrowedTo(rerun.toRun, changed))
      await options.onRun(outcome, { files: rerun.toRun })
    }
  } finally {
    watcher.close()
    await suiteRun.close()
  }
}

/**
 * What a batch of changed paths reruns: the suite files among them that
 * exist (a new one too, where the file filters keep it), or every file when
 * another code file changed (a helper the suites import). Deleted suite
 * files leave the watched set.
 */
export function rerunOf(
  changed: readonly string[],
  context: {
    files: readonly string[]
    suites: readonly SuitesRoot[]
    filters: readonly string[] | undefined
    cwd: string
  },
): { files: string[]; toRun: string[] } {
  const files = new Set(context.files)
  const toRun = new Set<string>()
  let helperChanged = false
  for (const path of changed) {
    if (!isSuiteFile(path)) {
      helperChanged ||= existsSync(path)
      continue
    }
    if (!existsSync(path)) {
      files.delete(path)
      continue
    }
    const found = suiteFileAt(context.suites, path)
    if (!found) continue
    if (
      files.has(path) ||
      filterSuiteFiles([found], context.filters ?? [], context.cwd).length > 0
    ) {
      files.add(path)
      toRun.add(path)
    }
  }
  // A file deleted while a run went on may not have been seen going.
  const existing = [...files].filter((file) => existsSync(file))
  return { files: existing, toRun: helperChanged ? existing : [...toRun] }
}

/** Changed paths as they come, handed out in batches once they settle. */
class ChangeQueue {
  #pending = new Set<string>()
  #wake: (() => void) | undefined

  add(path: string): void {
    this.#pending.add(path)
    this.#wake?.()
  }

  /**
   * The next batch of changes, once none has come for `settleMs`; undefined
   * when `signal` aborts first.
   */
  async next(signal: AbortSignal, settleMs: number): Promise<string[] | undefined> {
    while (!signal.aborted) {
      if (this.#pending.size > 0) {
        const size = this.#pending.size
        await sleep(settleMs, signal)
        if (signal.aborted) break
        if (this.#pending.size !== size) continue
        const batch = [...this.#pending]
        this.#pending.clear()
        return batch
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          this.#wake = undefined
          signal.removeEventListener('abort', done)
          resolve()
        }
        this.#wake = done
        signal.addEventListener('abort', done, { once: true })
      })
    }
    return undefined
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
