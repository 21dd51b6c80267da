import { z } from 'zod'
import { RunEvent, Severity } from '../../../core/index.js'
import { RunSummary } from '../../history/Records.js'

/**
 * What travels over the live WebSockets. Viewers receive the run's events
 * as the run emitted them, in order, and after each failing test the
 * findings its gates classify it as. An ingesting client sends run events
 * and, when the run is saved, receives `run-saved`.
 */

/** How the run's gates classify a failing test that just finished. */
export const FindingClassified = z.object({
  type: z.literal('finding-classified'),
  testId: z.string(),
  findings: z.array(
    z.object({
      gate: z.string(),
      severity: Severity,
      /** Why it has this severity: a rule, the test's declaration, the default. */
      classifiedBy: z.string(),
    }),
  ),
})
export type FindingClassified = z.infer<typeof FindingClassified>

/** One message to a viewer of a live run. */
export const LiveMessage = z.union([RunEvent, FindingClassified])
export type LiveMessage = z.infer<typeof LiveMessage>

/** The answer to an ingesting client once `run-finished` is stored. */
export const RunSaved = z.object({ type: z.literal('run-saved'), run: RunSummary })
export type RunSaved = z.infer<typeof RunSaved>

/**
 * Close codes of the live sockets besides the standard ones: 4404 for a run
 * that is not live (a viewer may look for it among stored runs), 4409 for a
 * run id that is live already, 4410 for a run whose source stopped streaming.
 */
export const liveCloseCodes = {
  notLive: 4404,
  alreadyLive: 4409,
  abandoned: 4410,
} as const
