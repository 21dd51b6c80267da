import { join, resolve } from 'node:path'
import { formatError, plural } from '../../../core/index.js'
import { formatDuration, renderTerminalSummary } from '../../../reports/index.js'
import { defaultRunDir } from '../../files/Workspace.js'
import { defaultMetricsPort, startMetricsServer } from '../../metrics/MetricsServer.js'
import { RunMetrics } from '../../metrics/RunMetrics.js'
import { runContinuously } from '../../pipeline/Continuous.js'
import { run } from '../../pipeline/Run.js'
import { type CliIo, useColor } from '../Arguments.js'
import { terminalListener } from '../TerminalOutput.js'
import { keepRun, reportContextOf } from './KeepRun.js'
import type { RunModeSetup } from './RunModes.js'

/**
 * `signalbox run --every <duration>`: keeps one devnet up and runs the suites
 * on it every `everyMs` until Ctrl-C or SIGTERM. Each run is written to its
 * own folder (`<--out>/<run id>/`, default `.signalbox/runs/<run id>/`) and
 * saved in the history store; Prometheus metrics are served on
 * `127.0.0.1:<--metrics-port>/metrics` meanwhile. An iteration that breaks off
 * is printed, counted in the metrics, and the loop goes on. Returns the last
 * iteration's exit code (2 when it broke off or none finished).
 */
export async function runEvery(
  setup: RunModeSetup,
  mode: { everyMs: number; metricsPort: number | undefined },
  io: CliIo,
): Promise<number> {
  const metrics = new RunMetrics()
  const server = await startMetricsServer(metrics, {
    port: mode.metricsPort ?? defaultMetricsPort,
  })
  try {
    io.stderr(`metrics: ${server.url}`)
    io.stderr(
      `running every ${formatDuration(mode.everyMs)} on one ${setup.devnet.name} devnet until Ctrl-C`,
    )
    const context = reportContextOf(setup.run)
    const outcome = await runContinuously({
      devnet: setup.devnet,
      everyMs: mode.everyMs,
      ...(io.signal ? { signal: io.signal } : {}),
      iterate: async (held, iteration) => {
        io.stderr(`\niteration ${iteration}`)
        const outcome = await run({
          ...setup.run,
          devnet: held,
          ...(io.signal ? { signal: io.signal } : {}),
          onEvent: terminalListener(io),
        })
        const results = setup.warned(outcome.results)
        metrics.recordRun(results)
        const outDir = setup.out
          ? join(resolve(setup.run.cwd, setup.out), results.run.id)
          : defaultRunDir(setup.run.cwd, results.run.id)
        const warning = await keepRun(results, outDir, { context, store: setup.store, io })
        if (warning) io.stderr(`warning: ${warning}`)
        if (results.run.error) io.stderr(`error: ${results.run.error}`)
        if (setup.json) io.stdout(JSON.stringify(results))
        else {
          io.stdout(renderTerminalSummary(results, { color: useColor(io), width: io.columns }))
          io.stdout(`reports: ${outDir}/ (results.json, readiness.md, junit.xml, report.html)`)
        }
        return outcome.exitCode
      },
      onIterationEnd: (end, iteration) => {
        if (end.type === 'failed') {
          metrics.recordIterationFailure()
          io.stderr(`iteration ${iteration} broke off; the next one runs as planned`)
          io.stderr(formatError(end.error))
        }
        if (!io.signal?.aborted) {
          io.stderr(
            `next run ${formatDuration(mode.everyMs)} after this one started (Ctrl-C stops)`,
          )
        }
      },
    })
    io.stderr(
      `stopped after ${plural(outcome.iterations, 'run')}${outcome.failed > 0 ? ` (${outcome.failed} broke off)` : ''}; the devnet is stopped`,
    )
    return outcome.exitCode
  } finally {
    await server.close()
  }
}
