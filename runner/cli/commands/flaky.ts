import { reviewQuarantine } from '../../../gates/index.js'
import { openHistoryStore } from '../../../reports/history/index.js'
import { renderFlakyReport } from '../../../reports/index.js'
import { loadReadinessFile } from '../../files/InputFiles.js'
import { ensureWorkspace } from '../../files/Workspace.js'
import { type CliIo, dayOption, parseCommand, positiveInteger } from '../Arguments.js'

/**
 * `signalbox flaky [--store <spec>] [--readiness <file>]`: from history, the
 * tests that passed and failed on the same gate, devnet and commit (each run
 * of `--repeat` counts), and, with a readiness file, its quarantined tests
 * and whether each has passed often enough to leave quarantine
 * (`--min-passes` in a row, default 20). Reads only; exit 0.
 */
export async function flakyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    store: { type: 'string' },
    readiness: { type: 'string' },
    gate: { type: 'string' },
    runs: { type: 'string' },
    'min-passes': { type: 'string' },
    limit: { type: 'string' },
    now: { type: 'string' },
    json: { type: 'boolean', default: false },
  })
  const runs = positiveInteger(values.runs, '--runs')
  const minPasses = positiveInteger(values['min-passes'], '--min-passes')
  const limit = positiveInteger(values.limit, '--limit')
  const now = dayOption(values.now, '--now') ?? new Date()
  const readiness = values.readiness ? await loadReadinessFile(values.readiness, io.cwd) : undefined
  if (values.store === undefined) await ensureWorkspace(io.cwd)
  const store = await openHistoryStore(values.store, io.cwd)
  try {
    const flaky = (await store.flakyTests(limit ? { limit } : {})).filter(
      (test) => values.gate === undefined || test.gate === values.gate,
    )
    const review = readiness
      ? reviewQuarantine(
          readiness.quarantine,
          await store.testStats({
            ...(runs ? { runs } : {}),
            ...(values.gate ? { gate: values.gate } : {}),
          }),
          { now, ...(minPasses ? { minPasses } : {}) },
        )
      : undefined
    io.stdout(
      values.json
        ? JSON.stringify({ flaky, ...(review ? { quarantine: review } : {}) }, null, 2)
        : renderFlakyReport(flaky, review),
    )
    return 0
  } finally {
    await store.close()
  }
}
