import { z } from 'zod'
import { type RunEvent, SeverityCounts, severities } from '../../../core/index.js'
import { isFindingStatus } from '../../../gates/index.js'
import type { FindingClassified } from './LiveMessage.js'

/**
 * Where a live run stands, kept up to date from its events as they pass:
 * what `GET /api/live` lists and the live page starts from.
 */
export const LiveRunSummary = z.object({
  runId: z.string(),
  startedAt: z.string(),
  gates: z.array(z.string()),
  backend: z.string(),
  /** The devnet's name, once it is ready. */
  devnet: z.string().optional(),
  /** Tests the gates select, where known. */
  selected: z.number().int().nonnegative().optional(),
  /** Tests the suite files collected so far. */
  found: z.number().int().nonnegative(),
  finished: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Failing tests by their most severe classification so far. */
  findings: SeverityCounts,
  /** When the last event came. */
  updatedAt: z.string(),
})
export type LiveRunSummary = z.infer<typeof LiveRunSummary>

/** The summary of a run that just started. */
export function startSummary(
  event: Extract<RunEvent, { type: 'run-started' }>,
  now: Date,
): LiveRunSummary {
  return {
    runId: event.runId,
    startedAt: event.startedAt,
    gates: [...event.gates],
    backend: event.backend,
    found: 0,
    finished: 0,
    failed: 0,
    findings: { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 },
    updatedAt: now.toISOString(),
  }
}

/** Applies one event (or classification) to the summary, in place. */
export function applyToSummary(
  summary: LiveRunSummary,
  message: RunEvent | FindingClassified,
  now: Date,
): void {
  summary.updatedAt = now.toISOString()
  switch (message.type) {
    case 'devnet-ready':
      summary.devnet = message.devnet.name
      break
    case 'suites-started':
      if (message.selected !== undefined) summary.selected = message.selected
      break
    case 'tests-found':
      summary.found += message.count
      break
    case 'test-finished':
      summary.finished++
      if (isFindingStatus(message.result.status)) summary.failed++
      break
    case 'finding-classified': {
      const worst = severities.find((severity) =>
        message.findings.some((finding) => finding.severity === severity),
      )
      if (worst !== undefined) summary.findings[worst]++
      break
    }
    default:
      break
  }
}
