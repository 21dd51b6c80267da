import { digestOf, InputError, UsageError } from '../../../core/index.js'
import { decideSignoff } from '../../../gates/index.js'
import { openHistoryStore } from '../../../reports/history/index.js'
import { DashboardClient } from '../../dashboard/DashboardClient.js'
import { ensureWorkspace } from '../../files/Workspace.js'
import { type CliIo, parseCommand } from '../Arguments.js'
import { tokenFrom } from '../Token.js'

/**
 * `signalbox signoff <run id> --gate <g> --by <name> [--notes <text>]`:
 * records Platforms' promotion determination for one gate of a stored run —
 * in the history store here (`--store`), or on a shared dashboard (`--to`,
 * with a token of scope `signoff`). Only a promoting verdict can be signed off.
 */
export async function signoffCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      gate: { type: 'string' },
      by: { type: 'string' },
      notes: { type: 'string' },
      store: { type: 'string' },
      to: { type: 'string' },
      token: { type: 'string' },
    },
    true,
  )
  const [runId, ...extra] = positionals
  if (!runId || extra.length > 0 || !values.gate || !values.by) {
    throw new UsageError('signoff takes a run id, --gate and --by', {
      hint: 'signalbox signoff 20261130T101500Z-a1b2c3 --gate alphanet --by platforms-oncall',
    })
  }
  if (values.to && values.store) throw new UsageError('signoff takes --to or --store, not both')
  const request = { gate: values.gate, by: values.by, notes: values.notes }
  if (values.to) {
    const client = new DashboardClient({ url: values.to, token: tokenFrom(values.token, io) })
    const signoff = await client.signoff(runId, request)
    io.stdout(
      `signed off: run ${signoff.runId}, gate ${signoff.gate}, by ${signoff.by} (${signoff.digest})`,
    )
    return 0
  }
  if (values.store === undefined) await ensureWorkspace(io.cwd)
  const store = await openHistoryStore(values.store, io.cwd)
  try {
    const stored = await store.getRun(runId)
    if (!stored) throw new InputError(`no run ${runId} in the history store`)
    // The digest of the results as stored: an edited or re-saved run is a different run.
    const digest = digestOf(stored.results)
    if (digest !== stored.meta.digest) {
      throw new InputError(`run ${runId} does not match the digest it was stored with`)
    }
    const decision = decideSignoff({
      results: stored.results,
      digest,
      ...request,
      at: new Date().toISOString(),
    })
    if (!decision.ok) throw new InputError(`cannot sign off: ${decision.reason}`)
    await store.saveSignoff(decision.signoff)
    io.stdout(`signed off: run ${runId}, gate ${values.gate}, by ${values.by} (${digest})`)
  } finally {
    await store.close()
  }
  return 0
}
