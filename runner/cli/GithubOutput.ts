import { appendFile } from 'node:fs/promises'
import type { Results } from '../../core/index.js'
import {
  type ReportContext,
  renderGithubAnnotations,
  renderGithubSummary,
} from '../../reports/index.js'
import type { CliIo } from './Arguments.js'

/**
 * Inside GitHub Actions: appends the readiness summary to the job's step
 * summary (`$GITHUB_STEP_SUMMARY`) and prints `::error` annotations for what
 * blocks, at the test's file and line.
 */
export async function reportToGithub(
  results: Results,
  context: ReportContext,
  io: CliIo,
): Promise<void> {
  const summaryFile = io.env?.GITHUB_STEP_SUMMARY
  if (summaryFile) await appendFile(summaryFile, renderGithubSummary(results, context))
  for (const line of renderGithubAnnotations(results, { pathPrefix: context.pathPrefix }))
    io.stdout(line)
}

/** Whether the command runs inside GitHub Actions. */
export function inGithubActions(io: CliIo): boolean {
  return io.env?.GITHUB_ACTIONS === 'true'
}
