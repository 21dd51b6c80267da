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
 * blocks, at the test's file and line — on stderr when stdout carries
 * `--json` (the runner reads workflow commands from both).
 */
export async function reportToGithub(
  results: Results,
  context: ReportContext,
  io: CliIo,
  options: { stdoutIsData?: boolean } = {},
): Promise<void> {
  const summaryFile = io.env?.GITHUB_STEP_SUMMARY
  if (summaryFile) await appendFile(summaryFile, renderGithubSummary(results, context))
  const write = options.stdoutIsData ? io.stderr : io.stdout
  for (const line of renderGithubAnnotations(results, { pathPrefix: context.pathPrefix }))
    write(line)
}

/** Whether the command runs inside GitHub Actions. */
export function inGithubActions(io: CliIo): boolean {
  return io.env?.GITHUB_ACTIONS === 'true'
}
