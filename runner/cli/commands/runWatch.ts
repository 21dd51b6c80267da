import { relative } from 'node:path'
import { ExitCode, UsageError } from '../../../core/index.js'
import { checkHealth, watchHealth } from '../../../devnet/index.js'
import type { ReadinessFile, ResolvedGate } from '../../../gates/index.js'
import { renderTerminalSummary } from '../../../reports/index.js'
import { devnetBackendFor, heldDevnetSpec } from '../../held/HeldDevnet.js'
import { watchRuns } from '../../pipeline/Watch.js'
import type { SuitesRoot } from '../../vitest/SuitesRoots.js'
import { type CliIo, useColor } from '../Arguments.js'
import { terminalListener } from '../TerminalOutput.js'

/** Options of `run` that `--watch` cannot go with: a watch session is for a person, not CI. */
const notWithWatch = [
  'dry-run',
  'json',
  'shard',
  'repeat',
  'dashboard',
  'out',
  'timeout',
  'test-timeout',
] as const

/**
 * `signalbox run --watch`: runs the selected suites against the held devnet
 * (`signalbox devnet up`), then reruns each suite file saved, printing each
 * run's summary, until Ctrl-C or SIGTERM. Nothing is written or saved to
 * history: a rerun of some files is no verdict on the devnet. Ends with exit
 * 2, as any run stopped before it could decide.
 */
export async function watchCommand(
  values: Partial<Record<(typeof notWithWatch)[number] | 'devnet', string | boolean>>,
  context: {
    io: CliIo
    gates: ResolvedGate[]
    readiness: ReadinessFile | undefined
    maxWorkers: number | undefined
    suitesRoot: string
    selection: { suites: SuitesRoot[]; fileFilters: string[]; testNamePattern?: RegExp }
  },
): Promise<number> {
  const { io } = context
  const clash = notWithWatch.find(
    (option) => values[option] !== undefined && values[option] !== false,
  )
  if (clash) throw new UsageError(`--watch does not go with --${clash}`)
  if (values.devnet !== undefined && values.devnet !== heldDevnetSpec) {
    throw new UsageError(`--watch runs against a held devnet, not --devnet ${values.devnet}`, {
      hint: 'Start one with `signalbox devnet up`, then `signalbox run --watch`.',
    })
  }
  // A clear error when none is up (the devnet is held so that reruns start at once).
  const devnet = await devnetBackendFor({ spec: heldDevnetSpec }, io.cwd)
  const signal = io.signal ?? new AbortController().signal
  const color = useColor(io)
  await watchRuns({
    cwd: io.cwd,
    suitesRoot: context.suitesRoot,
    ...context.selection,
    gates: context.gates,
    ...(context.readiness ? { readiness: context.readiness } : {}),
    ...(context.maxWorkers ? { maxWorkers: context.maxWorkers } : {}),
    devnet,
    checkHealth: (descriptor) => checkHealth(descriptor),
    watchHealth: (descriptor, runningTests) => watchHealth(descriptor, { runningTests }),
    signal,
    eventsOfRun: () => terminalListener(io),
    onRun: ({ results }, rerun) => {
      if (rerun) {
        io.stdout(`rerun: ${rerun.files.map((file) => relative(io.cwd, file)).join(', ')}`)
      }
      if (results.run.error) io.stderr(`error: ${results.run.error}`)
      io.stdout(renderTerminalSummary(results, { color, width: io.columns }))
    },
    onWaiting: () =>
      io.stderr(
        `watching ${context.selection.suites.map((root) => root.spec).join(', ')} for changes (Ctrl-C to stop)`,
      ),
  })
  io.stderr('watch stopped: a watch session decides nothing; run without --watch for a verdict')
  return ExitCode.error
}
