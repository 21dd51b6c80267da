import type { Results } from '../core/index.js'

/** What Platforms asks to record: who signs which gate of which run off. */
export interface SignoffRequest {
  /** The run's results, as stored. */
  results: Results
  /** `digestOf(results)`: the sign-off names exactly the results it promotes. */
  digest: string
  gate: string
  by: string
  /** When, as an ISO timestamp (the caller's clock). */
  at: string
  notes?: string | undefined
}

/** A sign-off that may be recorded. */
export interface SignoffRecord {
  runId: string
  gate: string
  by: string
  at: string
  digest: string
  decision: 'promote'
  notes?: string
}

/**
 * Platforms' promotion determination for one gate of one run. It can only
 * promote what the gate promoted: a run whose verdict on that gate is `block`
 * or `error` (or that was not judged by it) cannot be signed off. Pure.
 */
export function decideSignoff(
  request: SignoffRequest,
): { ok: true; signoff: SignoffRecord } | { ok: false; reason: string } {
  const { results, gate } = request
  const verdict = results.verdicts.find((candidate) => candidate.gate === gate)
  if (!verdict) {
    const judged = results.verdicts.map((candidate) => candidate.gate).join(', ')
    return {
      ok: false,
      reason: `run ${results.run.id} was not judged by gate "${gate}" (it was by: ${judged})`,
    }
  }
  if (verdict.decision !== 'promote') {
    return {
      ok: false,
      reason: `gate "${gate}" did not promote run ${results.run.id} (its verdict is ${verdict.decision}): only a promoting verdict can be signed off`,
    }
  }
  if (request.by.trim() === '')
    return { ok: false, reason: 'a sign-off needs the name of who signs' }
  return {
    ok: true,
    signoff: {
      runId: results.run.id,
      gate,
      by: request.by,
      at: request.at,
      digest: request.digest,
      decision: 'promote',
      ...(request.notes ? { notes: request.notes } : {}),
    },
  }
}
