import { UsageError } from '../../../core/index.js'
import { DashboardClient } from '../../dashboard/DashboardClient.js'
import { readJudgedResultsFile } from '../../files/InputFiles.js'
import { type CliIo, parseCommand } from '../Arguments.js'
import { tokenFrom } from '../Token.js'

/**
 * `signalbox push <results.json> --to <dashboard URL>`: sends a run's
 * results to a shared dashboard (a token with scope `push`, from
 * SIGNALBOX_TOKEN or --token).
 */
export async function pushCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      to: { type: 'string' },
      token: { type: 'string' },
      release: { type: 'string' },
      branch: { type: 'string' },
      json: { type: 'boolean', default: false },
      'allow-edited': { type: 'boolean', default: false },
    },
    true,
  )
  const [resultsPath, ...extra] = positionals
  if (!resultsPath || extra.length > 0 || !values.to) {
    throw new UsageError('push takes one results file and a dashboard', {
      hint: 'signalbox push .signalbox/runs/<id>/results.json --to https://dashboard.example.org',
    })
  }
  // A shared dashboard keeps what it is sent: an edited file goes there only when told.
  const results = await readJudgedResultsFile(resultsPath, io.cwd, {
    allowEdited: values['allow-edited'],
    warn: io.stderr,
  })
  const client = new DashboardClient({ url: values.to, token: tokenFrom(values.token, io) })
  const summary = await client.push(results, { release: values.release, branch: values.branch })
  io.stdout(
    values.json
      ? JSON.stringify(summary, null, 2)
      : `pushed run ${summary.id} (${summary.meta.digest}) to ${new URL(`/runs/${encodeURIComponent(summary.id)}`, values.to).href}`,
  )
  return 0
}
