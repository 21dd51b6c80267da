import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { explainError, type Results, SignalboxError } from '../../../core/index.js'
import type { DevnetDescriptor } from '../../../devnet/Descriptor.js'
import { watchHealth } from '../../../devnet/HealthWatch.js'
import { defaultHistoryFile, openHistoryStore } from '../../../reports/history/index.js'
import { renderPlan, renderRepeatTable, renderTerminalSummary } from '../../../reports/index.js'
import { gitCommitOf } from '../../files/Git.js'
import { defaultGate, loadGatesFile, resolveGates } from '../../files/InputFiles.js'
import { defaultRunDir } from '../../files/Workspace.js'
import { devnetBackendFor } from '../../held/HeldDevnet.js'
import { namePatternOf } from '../../pipeline/NameFilter.js'
import { planRun } from '../../pipeline/Plan.js'
import { run } from '../../pipeline/Run.js'
import { parseShard } from '../../pipeline/Shard.js'
import { resolveSuitesRoots } from '../../vitest/SuitesRoots.js'
import { type CliIo, gateNames, parseCommand, positiveInteger, useColor } from '../Arguments.js'
import { durationOption } from '../Duration.js'
import { inGithubActions, reportToGithub } from '../GithubOutput.js'
import {
  gateSelectionWarnings,
  judgementWarnings,
  loadReadiness,
  strictOption,
  strictOptions,
  withWarnings,
} from '../Strict.js'
import { terminalListener } from '../TerminalOutput.js'
import { tokenFrom } from '../Token.js'
import { keepRun, reportContextOf } from './KeepRun.js'
import { runModeOf } from './RunModes.js'

/** How long one run may take (`--timeout`) unless it says otherwise: 30 minutes. */
export const defaultRunTimeoutMs = 30 * 60_000

/** `signalbox run`: run the suites against a devnet, decide, and write the reports. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals: fileFilters } = parseCommand(
    argv,
    {
      suites: { type: 'string', multiple: true },
      testNamePattern: { type: 'string', short: 't' },
      watch: { type: 'boolean', default: false },
      out: { type: 'string' },
      gate: { type: 'string' },
      'gates-file': { type: 'string' },
      readiness: { type: 'string' },
      workers: { type: 'string' },
      devnet: { type: 'string' },
      'kurtosis-args': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      store: { type: 'string' },
      dashboard: { type: 'string' },
      token: { type: 'string' },
      shard: { type: 'string' },
      repeat: { type: 'string' },
      every: { type: 'string' },
      'metrics-port': { type: 'string' },
      isolate: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'test-timeout': { type: 'string' },
      ...strictOptions,
    },
    true,
  )
  const mode = runModeOf(values)
  const maxWorkers = positiveInteger(values.workers, '--workers')
  const shard = values.shard === undefined ? undefined : parseShard(values.shard)
  const repeat = positiveInteger(values.repeat, '--repeat')
  const timeoutMs = durationOption(values.timeout, '--timeout') ?? defaultRunTimeoutMs
  const testTimeoutMs = durationOption(values['test-timeout'], '--test-timeout')
  const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
  const gates = resolveGates(gatesFile, gateNames(values.gate, defaultGate))
  const strict = strictOption(values)
  // Before a devnet starts, whatever the mode: the gates file is not what it seems.
  for (const warning of gateSelectionWarnings(gatesFile, gates))
    io.stderr(`warning: ${warning.message}`)
  const loadedReadiness = await loadReadiness(values.readiness, io.cwd)
  const readiness = loadedReadiness?.file
  const suites = resolveSuitesRoots(values.suites ?? [], io.cwd)
  const suitesRoot = suites[0]?.dir ?? resolve(io.cwd, 'suites')
  const testNamePattern =
    values.testNamePattern === undefined ? undefined : namePatternOf(values.testNamePattern)
  const selection = { suites, fileFilters, ...(testNamePattern ? { testNamePattern } : {}) }
  // Each mode's modules are loaded when it is asked for: a plain run does not pay for them.
  if (values.watch) {
    const { watchCommand } = await import('./runWatch.js')
    return watchCommand(values, { io, gates, readiness, maxWorkers, selection, suitesRoot })
  }
  const devnet = await devnetBackendFor(
    { spec: values.devnet ?? 'embedded', kurtosisArgsFile: values['kurtosis-args'] },
    io.cwd,
  )

  if (values['dry-run']) {
    const plan = await planRun({ cwd: io.cwd, suitesRoot, gates, ...selection })
    io.stdout(values.json ? JSON.stringify(plan, null, 2) : renderPlan(plan))
    return 0
  }
  // What every kind of run is given: the suites, the gates, and how the devnet's health is judged.
  const runBase = {
    cwd: io.cwd,
    suitesRoot,
    ...selection,
    gates,
    ...(readiness ? { readiness } : {}),
    ...(maxWorkers ? { maxWorkers } : {}),
    ...(testTimeoutMs ? { testTimeoutMs } : {}),
    // Per run: under --every and --isolate each run has the whole deadline.
    timeoutMs,
    // Loaded when the checks run, after the devnet's start (viem's clients, about 0.3 s, load
    // meanwhile with the run's faucet): nothing before the devnet is asked for waits for them.
    checkHealth: async (descriptor: DevnetDescriptor) =>
      (await import('../../../devnet/Health.js')).checkHealth(descriptor, { walletsFunded: false }),
    watchHealth: (descriptor: DevnetDescriptor, runningTests: () => readonly string[]) =>
      watchHealth(descriptor, { runningTests }),
  }
  // The judging's warnings (readiness entries that match nothing…), or under --strict its refusal.
  const warned = (results: Results) =>
    withWarnings(
      results,
      judgementWarnings({
        gatesFile,
        gates,
        readiness: loadedReadiness,
        results,
        strict,
        partial: partialSelection(fileFilters, values.testNamePattern),
      }),
    )
  if (mode) {
    const setup = {
      run: runBase,
      devnet,
      store: values.store,
      out: values.out,
      json: values.json,
      warned,
    }
    if (mode.type === 'every') return (await import('./runEvery.js')).runEvery(setup, mode, io)
    return (await import('./runIsolate.js')).runIsolate(setup, io)
  }

  const durations = shard ? await recentDurations(values.store, io) : undefined
  const live = values.dashboard
    ? (await import('../../dashboard/LiveStream.js')).streamToDashboard(
        values.dashboard,
        tokenFrom(values.token, io),
      )
    : undefined
  const terminal = terminalListener(io)
  const running = run({
    ...runBase,
    ...(shard ? { shard: { spec: shard, durationsMs: durations?.durationsMs ?? new Map() } } : {}),
    ...(repeat ? { repeat } : {}),
    devnet,
    ...(io.signal ? { signal: io.signal } : {}),
    onEvent: live
      ? (event) => {
          terminal(event)
          live.listener(event)
        }
      : terminal,
  })
  // A run that stops before it starts (no suites, say) leaves no stream open behind it.
  const { results, exitCode } = await running
    // A strict refusal comes before anything is written: no folder, no history.
    .then((outcome) => ({ ...outcome, results: warned(outcome.results) }))
    .catch(async (error: unknown) => {
      await live?.close()
      throw error
    })
  // Only now that the run has something to write: a run refused as bad input writes nothing.
  const outDir = values.out ? resolve(io.cwd, values.out) : defaultRunDir(io.cwd, results.run.id)
  const context = reportContextOf(runBase)
  // The run stands on its own files; history and the live stream only add to it.
  const warnings = [
    durations?.warning,
    await keepRun(results, outDir, { context, store: values.store, io }),
    await live?.close(),
  ]
  for (const warning of warnings) if (warning) io.stderr(`warning: ${warning}`)
  if (results.run.error) io.stderr(`error: ${results.run.error}`)
  if (inGithubActions(io)) await reportToGithub(results, context, io, { stdoutIsData: values.json })
  if (values.json) io.stdout(JSON.stringify(results, null, 2))
  else {
    io.stdout(
      renderTerminalSummary(results, {
        color: useColor(io),
        width: io.columns,
        commandMs: io.elapsedMs?.(),
      }),
    )
    const repeated = renderRepeatTable(results.tests)
    if (repeated) io.stdout(repeated)
    const { shard: part } = results.run
    if (part?.tests) {
      io.stdout(
        `shard ${part.index}/${part.count}: ${part.tests.length} test(s) of the selection; signalbox merge the results.json of every shard for the verdict of the whole run`,
      )
    }
    io.stdout(`reports: ${outDir}/ (results.json, readiness.md, junit.xml, report.html)`)
  }
  return exitCode
}

/** Why a run holds only part of the suites' tests, if it does: its readiness entries may name the rest. */
function partialSelection(
  fileFilters: readonly string[],
  testNamePattern: string | undefined,
): string | undefined {
  if (fileFilters.length > 0) return 'file filters'
  return testNamePattern === undefined ? undefined : '-t'
}

/**
 * Each test's recent median duration, from the history store (`--store`), to
 * balance shards: from the newest runs of other commits than this one, so
 * that every shard of a run reads the same durations whatever the others
 * save meanwhile. Without them (no git commit, no default database yet, a
 * store that cannot be had: a warning) every test weighs the same.
 */
async function recentDurations(
  spec: string | undefined,
  io: CliIo,
): Promise<{ durationsMs: Map<string, number>; warning?: string }> {
  // A run refused as bad input writes nothing: the default database is not made just to be read.
  if (spec === undefined && !existsSync(resolve(io.cwd, defaultHistoryFile))) {
    return { durationsMs: new Map() }
  }
  // Runs of this commit are left out: they include the other shards of this run.
  const commit = await gitCommitOf(io.cwd)
  if (commit === undefined) return { durationsMs: new Map() }
  try {
    const store = await openHistoryStore(spec, io.cwd)
    try {
      const stats = await store.testStats({ otherCommitThan: commit })
      return {
        durationsMs: new Map(
          stats.flatMap((test) =>
            test.medianDurationMs === undefined ? [] : [[test.testId, test.medianDurationMs]],
          ),
        ),
      }
    } finally {
      await store.close()
    }
  } catch (error) {
    if (!(error instanceof SignalboxError)) throw error
    return {
      durationsMs: new Map(),
      warning: `the shards are split without durations: ${explainError(error)}`,
    }
  }
}
