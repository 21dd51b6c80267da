import type { RunListener } from '../../core/index.js'
import { ProgressRenderer } from '../../reports/index.js'
import { type CliIo, useColor } from './Arguments.js'

/**
 * The terminal's view of a run as it goes: a status line per phase on
 * stderr, then live progress as tests finish (one line redrawn on a TTY, a
 * line every tenth of the tests otherwise).
 */
export function terminalListener(io: CliIo): RunListener {
  const progress = new ProgressRenderer({
    total: 0,
    // The renderer ends its own lines; on a TTY it redraws one with \r.
    write: io.stderrRaw ?? ((text) => io.stderr(text.replace(/\n$/, ''))),
    tty: io.tty === true,
    color: useColor(io),
    columns: io.columns,
  })
  return (event) => {
    switch (event.type) {
      case 'run-started':
        return io.stderr(`starting the ${event.backend} devnet`)
      case 'devnet-ready':
        return io.stderr('checking the devnet is operational')
      case 'health-checked':
        if (!event.checks.every((check) => check.ok))
          io.stderr('the devnet is not operational: the suites do not run')
        return
      case 'suites-started':
        return io.stderr(
          `running ${event.selected === undefined ? `${event.files} suite file(s)` : `${event.selected} selected test(s)`}`,
        )
      case 'tests-found':
        return progress.testsFound(event.count)
      case 'test-finished':
        return progress.testFinished(event.result)
      case 'run-finished':
        return progress.finish()
      case 'test-output':
        // The suites' own output, on stderr: stdout is signalbox's (the summary, or --json).
        return (io.stderrRaw ?? io.stderr)(event.text)
      case 'test-started':
        return
    }
  }
}
