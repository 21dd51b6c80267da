import { relative, sep } from 'node:path'
import { explainError, type Results, SignalboxError } from '../../../core/index.js'
import type { ReadinessFile } from '../../../gates/index.js'
import { openHistoryStore } from '../../../reports/history/index.js'
import type { ReportContext } from '../../../reports/index.js'
import { gitBranchOf } from '../../files/Git.js'
import { writeRunReports } from '../../files/ReportFiles.js'
import { ensureWorkspace } from '../../files/Workspace.js'
import type { CliIo } from '../Arguments.js'

/**
 * What every kind of `signalbox run` does with a finished run: its reports
 * into its folder, then the run into the history store. The files come
 * first: the run stands on them, and history only adds to it.
 */

/** How reports point at files: repository paths, from the suites root. */
export function reportContextOf(run: {
  cwd: string
  suitesRoot: string
  readiness?: ReadinessFile | undefined
}): ReportContext {
  return {
    ...(run.readiness ? { readiness: run.readiness } : {}),
    pathPrefix: relative(run.cwd, run.suitesRoot).split(sep).join('/'),
  }
}

/**
 * Writes the run's reports into `outDir` and saves the run in the history
 * store (`store`: `--store`). Returns why the run was not saved, when it was
 * not (a warning: the reports are written).
 */
export async function keepRun(
  results: Results,
  outDir: string,
  options: { context: ReportContext; store: string | undefined; io: CliIo },
): Promise<string | undefined> {
  await ensureWorkspace(options.io.cwd)
  await writeRunReports(outDir, results, options.context)
  return saveToHistory(results, {
    spec: options.store,
    release: options.context.readiness?.release,
    io: options.io,
  })
}

async function saveToHistory(
  results: Results,
  options: { spec: string | undefined; release: string | undefined; io: CliIo },
): Promise<string | undefined> {
  const { io } = options
  try {
    const store = await openHistoryStore(options.spec, io.cwd)
    try {
      const branch = await gitBranchOf(io.cwd, io.env)
      await store.saveRun(results, {
        source: 'local',
        ...(options.release ? { release: options.release } : {}),
        ...(branch ? { branch } : {}),
      })
    } finally {
      await store.close()
    }
    return undefined
  } catch (error) {
    if (!(error instanceof SignalboxError)) throw error
    return `the run was not saved in the history store: ${explainError(error)}`
  }
}
