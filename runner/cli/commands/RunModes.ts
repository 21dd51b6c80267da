import { type Results, UsageError } from '../../../core/index.js'
import type { DevnetBackend } from '../../../devnet/Devnet.js'
import type { RunOptions } from '../../pipeline/Run.js'
import { portOption } from '../Arguments.js'
import { durationOption } from '../Duration.js'

/**
 * The modes of `signalbox run` that run the suites more than once: `--every
 * <duration>` (continuous, with metrics) and `--isolate` (each feature alone,
 * then all together). Parsed here so that `run` only dispatches.
 */
export type RunMode =
  | { type: 'every'; everyMs: number; metricsPort: number | undefined }
  | { type: 'isolate' }

/** The options of `run` a mode reads or refuses. */
export interface RunModeValues {
  every?: string | undefined
  'metrics-port'?: string | undefined
  isolate?: boolean | undefined
  shard?: string | undefined
  repeat?: string | undefined
  dashboard?: string | undefined
}

/**
 * The mode the options ask for, or undefined for one plain run. Options that
 * do not go together are a UsageError naming them (exit 2).
 */
export function runModeOf(values: RunModeValues): RunMode | undefined {
  const everyMs = durationOption(values.every, '--every')
  const metricsPort = portOption(values['metrics-port'], '--metrics-port')
  if (everyMs === undefined && metricsPort !== undefined) {
    throw new UsageError('--metrics-port goes with --every', {
      hint: 'Metrics are served while a continuous run goes on: add --every <duration>.',
    })
  }
  const mode: RunMode | undefined =
    everyMs !== undefined
      ? { type: 'every', everyMs, metricsPort }
      : values.isolate
        ? { type: 'isolate' }
        : undefined
  if (!mode) return undefined
  const option = mode.type === 'every' ? '--every' : '--isolate'
  const clashes = [
    mode.type === 'every' && values.isolate && '--isolate',
    values.shard !== undefined && '--shard',
    values.repeat !== undefined && '--repeat',
    values.dashboard !== undefined && '--dashboard',
  ].filter((clash): clash is string => typeof clash === 'string')
  if (clashes.length > 0) {
    throw new UsageError(`${option} does not go with ${clashes.join(', ')}`, {
      hint: `Run ${option} without ${clashes.join(', ')}.`,
    })
  }
  return mode
}

/** What a mode needs of the plain run's setup: the run's options, the devnet, where results go. */
export interface RunModeSetup {
  /** Everything of a run but its devnet, its listener and its signal, which each mode sets. */
  run: Omit<RunOptions, 'devnet' | 'onEvent' | 'signal'>
  devnet: DevnetBackend
  /** `--store`: the history store each run is saved in. */
  store: string | undefined
  /** `--out`: the folder runs are written into. */
  out: string | undefined
  json: boolean
  /**
   * A finished run with the judging's warnings added (readiness entries that
   * match nothing…); under `--strict` it throws instead, before anything is written.
   */
  warned: (results: Results) => Results
}
