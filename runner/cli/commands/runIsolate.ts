import { join, resolve } from 'node:path'
import { type Interaction, plural, type Results, UsageError } from '../../../core/index.js'
import { renderTerminalSummary } from '../../../reports/index.js'
import { writeRunReports } from '../../files/ReportFiles.js'
import { defaultRunDir, ensureWorkspace } from '../../files/Workspace.js'
import { interactionText } from '../../pipeline/Interactions.js'
import { runIsolated } from '../../pipeline/Isolate.js'
import { type CliIo, useColor } from '../Arguments.js'
import { terminalListener } from '../TerminalOutput.js'
import { keepRun, reportContextOf } from './KeepRun.js'
import type { RunModeSetup } from './RunModes.js'

/** Backends that start a new devnet on each start, so that every feature gets one of its own. */
const isolatingBackends: ReadonlySet<string> = new Set(['embedded'])

/**
 * `signalbox run --isolate`: each selected feature on a devnet of its own,
 * then all of them together on one; a test that passes alone and fails
 * together is an interaction finding naming the features involved. The run
 * together is the run: its reports go to `--out` (default
 * `.signalbox/runs/<run id>/`) and into the history store; each feature's run
 * alone goes to `isolated/<feature>/` in that folder. Exit code: the run
 * together's, 2 when a run alone could not complete or an interrupt came.
 */
export async function runIsolate(setup: RunModeSetup, io: CliIo): Promise<number> {
  if (!isolatingBackends.has(setup.devnet.name)) {
    throw new UsageError(
      `--isolate needs a devnet signalbox starts for each feature; --devnet ${setup.devnet.name} is one devnet`,
      { hint: 'Use --isolate with --devnet embedded (the default).' },
    )
  }
  const outcome = await runIsolated({
    ...setup.run,
    devnet: setup.devnet,
    ...(io.signal ? { signal: io.signal } : {}),
    onEvent: terminalListener(io),
    onFeature: (feature, done) => {
      if (!done) io.stderr(`${feature}: running alone on a devnet of its own`)
      else io.stderr(`${feature}: alone ${describeAlone(done.results)}`)
    },
  })
  const anyResults = outcome.together?.results ?? outcome.alone[0]?.outcome.results
  if (!anyResults) {
    io.stderr('error: the run was interrupted before any feature ran')
    return 2
  }
  // A strict refusal comes before anything is written.
  const together = outcome.together && {
    ...outcome.together,
    results: setup.warned(outcome.together.results),
  }
  await ensureWorkspace(setup.run.cwd)
  const runId = together?.results.run.id ?? `${anyResults.run.id}-isolated`
  const outDir = setup.out ? resolve(setup.run.cwd, setup.out) : defaultRunDir(setup.run.cwd, runId)
  const context = reportContextOf(setup.run)
  for (const { feature, outcome: alone } of outcome.alone) {
    await writeRunReports(join(outDir, 'isolated', folderName(feature)), alone.results, context)
  }
  if (!together) {
    io.stderr('error: the run was interrupted before the features ran together')
    io.stdout(`reports of the features alone: ${join(outDir, 'isolated')}/`)
    return 2
  }
  const { results } = together
  const warning = await keepRun(results, outDir, { context, store: setup.store, io })
  if (warning) io.stderr(`warning: ${warning}`)
  if (results.run.error) io.stderr(`error: ${results.run.error}`)
  if (setup.json) io.stdout(JSON.stringify(results, null, 2))
  else {
    io.stdout(renderTerminalSummary(results, { color: useColor(io), width: io.columns }))
    io.stdout(renderInteractions(results.run.isolation?.interactions ?? []))
    io.stdout(
      `reports: ${outDir}/ (results.json, readiness.md, junit.xml, report.html); each feature alone in isolated/<feature>/`,
    )
  }
  return together.exitCode
}

/** How a feature did alone, in a line. */
function describeAlone(results: Results): string {
  const passed = results.tests.filter((test) => test.status === 'passed').length
  const others = results.tests.length - passed
  const tally = `${passed} passed, ${others} not (run ${results.run.id})`
  return results.run.complete ? tally : `could not complete: ${results.run.error?.split('\n')[0]}`
}

/** The interactions, one per line: what a person reads first after the summary. */
export function renderInteractions(interactions: readonly Interaction[]): string {
  if (interactions.length === 0) {
    return 'Interactions: none (no test passed alone and failed with the other features)'
  }
  return [
    `Interactions (${plural(interactions.length, 'test')} passed alone and failed together):`,
    ...interactions.map(
      (entry) => `  ${entry.testId} [${entry.together}]: ${interactionText(entry)}`,
    ),
  ].join('\n')
}

/** A feature's name as a folder name. */
function folderName(feature: string): string {
  return feature.replace(/[^A-Za-z0-9._-]/g, '_') || '_'
}
