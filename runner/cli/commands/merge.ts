import { relative, resolve, sep } from 'node:path'
import { Results, sealResults, UsageError } from '../../../core/index.js'
import { judge } from '../../../gates/index.js'
import { renderTerminalSummary } from '../../../reports/index.js'
import { loadGatesFile, readJudgedResultsFile, resolveGates } from '../../files/InputFiles.js'
import { writeRunReports } from '../../files/ReportFiles.js'
import { defaultRunDir, ensureWorkspace, newRunId } from '../../files/Workspace.js'
import { mergeShards } from '../../pipeline/Merge.js'
import { type CliIo, dayOption, parseCommand, useColor } from '../Arguments.js'
import { inGithubActions, reportToGithub } from '../GithubOutput.js'
import {
  judgementWarnings,
  loadReadiness,
  strictOption,
  strictOptions,
  withWarnings,
} from '../Strict.js'

/**
 * `signalbox merge <results.json…>`: the results of every shard of a run
 * (`run --shard i/n`) as one results file and one verdict per gate, judged
 * the way `run` judges. A missing, duplicated or foreign shard, or a file
 * that is not results, is an error naming the file (exit 2), never a pass.
 * The merged run is not saved in history (each shard already is); push it
 * to a dashboard with `signalbox push`. Inside GitHub Actions it writes the
 * step summary and annotations, as `run` does.
 */
export async function mergeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      'gates-file': { type: 'string' },
      readiness: { type: 'string' },
      now: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      'allow-edited': { type: 'boolean', default: false },
      ...strictOptions,
    },
    true,
  )
  if (positionals.length === 0) {
    throw new UsageError(
      'merge takes the results.json of every shard: signalbox merge <results.json…>',
    )
  }
  const now = dayOption(values.now, '--now') ?? new Date()
  const strict = strictOption(values)
  const shards = []
  for (const file of positionals) {
    shards.push({
      file,
      results: await readJudgedResultsFile(file, io.cwd, {
        allowEdited: values['allow-edited'],
        warn: io.stderr,
      }),
    })
  }
  const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
  const gates = resolveGates(gatesFile, shards[0]?.results.run.gates ?? [])
  const readiness = await loadReadiness(values.readiness, io.cwd)
  const merged = mergeShards(shards, { gates, runId: newRunId(new Date()) })
  const judgement = judge({ results: merged, gates, readiness: readiness?.file, now })
  const sealed = sealResults(
    Results.parse({
      schemaVersion: 1,
      run: merged.run,
      tests: judgement.tests,
      health: merged.health,
      verdicts: judgement.verdicts,
    }),
  )
  // Decided before anything is written: a strict refusal leaves no folder behind.
  const results = withWarnings(
    sealed,
    judgementWarnings({ gatesFile, gates, readiness, results: sealed, strict }),
  )
  await ensureWorkspace(io.cwd)
  const outDir = values.out ? resolve(io.cwd, values.out) : defaultRunDir(io.cwd, results.run.id)
  const context = {
    ...(readiness ? { readiness: readiness.file } : {}),
    pathPrefix: relative(io.cwd, results.run.suitesRoot).split(sep).join('/'),
  }
  await writeRunReports(outDir, results, context)
  if (results.run.error) io.stderr(`error: ${results.run.error}`)
  // The whole run's summary in the merge job's step summary, as run writes its shard's.
  if (inGithubActions(io)) await reportToGithub(results, context, io, { stdoutIsData: values.json })
  if (values.json) io.stdout(JSON.stringify(results, null, 2))
  else {
    io.stdout(renderTerminalSummary(results, { color: useColor(io), width: io.columns }))
    io.stdout(
      `merged ${shards.length} shard(s); reports: ${outDir}/ (results.json, readiness.md, junit.xml, report.html)`,
    )
  }
  return judgement.exitCode
}
