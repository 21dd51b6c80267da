import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { embeddedDevnet } from '../devnet/Embedded.js'
import { exitCodeOf, formatError, UsageError } from './errors.js'
import { run } from './Run.js'
import { renderSummary } from './Summary.js'

/** Where the CLI writes: injected so tests can read it. */
export interface CliIo {
  cwd: string
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Aborted on Ctrl-C / SIGTERM. */
  signal?: AbortSignal
}

const usage = `signalbox — acceptance tests with release gating for devnets

Usage:
  signalbox run [options]        run the acceptance suites against a devnet and decide

Options of run:
  --suites <dir>     folder of *.accept.ts suites (default: ./suites)
  --out <dir>        where results go (default: .signalbox/runs/<run id>/)
  --gate <names>     gate(s) to judge by, comma-separated
  --workers <n>      test workers at once (default: 4)
  --json             print results.json instead of the summary

Exit codes: 0 promote, 1 block, 2 error (bad input, devnet down, run incomplete).`

/** Runs the command line `argv` (without `node` and the script); returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv
    switch (command) {
      case 'run':
        return await runCommand(rest, io)
      case '--version':
      case 'version':
        io.stdout(versionOf())
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(usage)
        return 0
      default:
        throw new UsageError(`unknown command: ${command}`, {
          hint: 'Run `signalbox help` for the commands.',
        })
    }
  } catch (error) {
    io.stderr(formatError(error))
    return exitCodeOf(error)
  }
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    suites: { type: 'string' },
    out: { type: 'string' },
    gate: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean', default: false },
  })
  const workers = values.workers === undefined ? undefined : Number(values.workers)
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
    throw new UsageError(`--workers takes a whole number ≥ 1, got "${values.workers}"`)
  }
  const outcome = await run({
    cwd: io.cwd,
    suitesRoot: resolve(io.cwd, values.suites ?? 'suites'),
    ...(values.out ? { outDir: resolve(io.cwd, values.out) } : {}),
    ...(values.gate ? { gates: values.gate.split(',').map((gate) => gate.trim()) } : {}),
    ...(workers ? { maxWorkers: workers } : {}),
    devnet: embeddedDevnet(),
    ...(io.signal ? { signal: io.signal } : {}),
    onStatus: (message) => io.stderr(message),
    onResult: (result) => {
      if (result.status !== 'passed' && result.status !== 'skipped')
        io.stderr(`✗ ${result.id} (${result.status})`)
    },
  })
  if (outcome.results.run.error)
    io.stderr(`error: the run could not complete\n\n${outcome.results.run.error}`)
  if (values.json) io.stdout(JSON.stringify(outcome.results, null, 2))
  else {
    io.stdout(renderSummary(outcome.results))
    io.stdout(`results: ${outcome.outDir}/results.json`)
  }
  return outcome.exitCode
}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options']

function parseCommand<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message, {
      hint: 'Run `signalbox help` for the options.',
    })
  }
}

function versionOf(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}
