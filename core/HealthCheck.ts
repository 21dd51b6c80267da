import { z } from 'zod'

/** One health check's outcome, before the tests or while they run. */
export const HealthCheck = z.object({
  /** What was checked, e.g. `rpc-reachable`, `chain-id`, `head-advancing`. */
  check: z.string(),
  /** Name of the chain checked. */
  chain: z.string(),
  /** Node of the chain checked, where the check is about one node. */
  node: z.string().optional(),
  ok: z.boolean(),
  detail: z.string(),
})
export type HealthCheck = z.infer<typeof HealthCheck>

/** The id of a failed check's finding: `health:<chain>:<check>`, then `:<node>` where it names one. */
export function healthFindingId(check: Pick<HealthCheck, 'chain' | 'check' | 'node'>): string {
  return [
    'health',
    check.chain,
    check.check,
    ...(check.node === undefined ? [] : [check.node]),
  ].join(':')
}
