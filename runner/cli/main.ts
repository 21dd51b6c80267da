import { readFileSync } from 'node:fs'
import { ExitCode, exitCodeOf, formatError, UsageError } from '../../core/index.js'
import { packagePath } from '../files/PackagePaths.js'
import type { CliIo } from './Arguments.js'

export type { CliIo } from './Arguments.js'

const usage = `signalbox — acceptance tests with release gating for devnets

Usage:
  signalbox run [options] [<file filter>…]
                                           run the suites against a devnet; judge each gate
                                           (only the suite files whose path contains a filter)
  signalbox gates list                     the gates and what they are for
  signalbox gates explain <gate> [--suites <dir>…] [--gates-file <f>] [--json]
                                           a gate's resolved policy and the tests it selects
  signalbox verdict <results.json> --gate <g> [--readiness <file>] [--now <YYYY-MM-DD>]
                   [--strict | --no-strict]
                                           judge stored results again, without running anything
  signalbox report <results.json> --format md|junit|html|json [--out <file>]
                   [--readiness <file>] [--gate <g>] [--now <YYYY-MM-DD>] [--strict | --no-strict]
                                           a report from stored results
  signalbox merge <results.json…> [--gates-file <f>] [--readiness <file>] [--now <YYYY-MM-DD>] [--out <dir>]
                  [--strict | --no-strict]
                                           the shards of one run (run --shard) as one results file and verdict
  signalbox flaky [--store <spec>] [--readiness <file>] [--gate <g>] [--min-passes <n>] [--runs <n>]
                                           tests that passed and failed on one gate, devnet and commit; quarantined
                                           tests that passed often enough to leave quarantine (default 20 in a row)
  signalbox devnet up [--devnet <spec>]    start a devnet and keep it for later runs (--devnet running)
  signalbox devnet status | describe [--out <file>] [--with-keys] | down
  signalbox serve [--store <spec>] [--host <ip>] [--port <n>]
                                           the results dashboard (default: the runs saved here)
  signalbox push <results.json> --to <dashboard URL>
                                           send a run to a shared dashboard (token: SIGNALBOX_TOKEN)
  signalbox signoff <run id> --gate <g> --by <name> [--notes <text>] [--to <URL> | --store <spec>]
                                           record Platforms' sign-off of a promoting verdict
  signalbox token create --name <name> [--scope push|push,signoff] [--store <spec>]
                                           a token for pushes and sign-offs (shown once)

Options of run:
  --suites <dir>       folder of *.accept.ts suites (default: ./suites); again for more folders;
                       signalbox:<name> for a shipped one (base, contracts, deposits, fees, load)
  -t <pattern>         only the tests whose describe blocks and name (joined by spaces) match
  --watch              with a held devnet (devnet up): run, then rerun each suite file saved
  --devnet <spec>      embedded (default) | testcontainers[:<definition.yaml>] | kurtosis:<enclave>
                       | <descriptor.json> | http(s)://<descriptor URL> | running (from devnet up)
  --kurtosis-args <f>  with kurtosis:<enclave>: create the enclave from this args file, remove it after
  --gate <names>       gate(s) to judge by, comma-separated (default: pr)
  --readiness <file>   the release candidate's readiness file (checklist, findings, triage, mitigations)
  --strict             a readiness entry that matches no test, finding or required item is an error
                       (exit 2, nothing written), not a warning; the default when a gate judged is
                       betanet or testnet or inherits one (or says strict: true); --no-strict: a warning
                       (also for verdict, report and merge)
  --gates-file <file>  gates to use instead of the shipped ones (also for gates and verdict)
  --out <dir>          where results go (default: .signalbox/runs/<run id>/)
  --workers <n>        test workers at once (default: 4)
  --timeout <duration> the deadline of each run (not --watch), devnet start to last test (default: 30m): past it the
                       suites are stopped, the tests still running are recorded as stopped, the run is
                       incomplete (verdict error, exit 2) and its reports are written
  --test-timeout <duration>
                       how long a test or hook may run unless it sets its own timeout (default: 60s);
                       a test that blocks its worker past it (a synchronous loop) stops the run (exit 2)
  --dry-run            show what would run for each gate; start nothing
  --json               print results.json instead of the summary
  --store <spec>       history store the run is saved in: a SQLite file (default
                       .signalbox/history.db) or postgres://… for a shared dashboard
  --dashboard <URL>    stream the run live to a dashboard (token: SIGNALBOX_TOKEN)
  --shard <i/n>        run the i-th of n parts of the selected tests, split by test and balanced by
                       the durations in history; signalbox merge puts the parts together
  --repeat <n>         run each selected test n times; pass rate and duration spread per test
  --every <duration>   run again every 30s, 10m, 1h… on one devnet kept up, until Ctrl-C; each run is
                       saved and written to its own folder; Prometheus metrics on --metrics-port
  --metrics-port <n>   with --every: serve http://127.0.0.1:<n>/metrics (default 4546; 0 picks one)
  --isolate            run each selected feature on an embedded devnet of its own, then all together;
                       a test that passes alone and fails together is an interaction finding

Exit codes: 0 promote, 1 block, 2 error (bad input, devnet down, run incomplete).`

type Command = (argv: string[], io: CliIo) => Promise<number>

/**
 * Every command, loaded when it is asked for (a command's modules — vitest,
 * fastify, the databases — take longer to load than most commands take to
 * run).
 */
const commands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  devnet: async () => (await import('./commands/devnet.js')).devnetCommand,
  gates: async () => (await import('./commands/gates.js')).gatesCommand,
  verdict: async () => (await import('./commands/verdict.js')).verdictCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  merge: async () => (await import('./commands/merge.js')).mergeCommand,
  flaky: async () => (await import('./commands/flaky.js')).flakyCommand,
  push: async () => (await import('./commands/push.js')).pushCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  signoff: async () => (await import('./commands/signoff.js')).signoffCommand,
  token: async () => (await import('./commands/token.js')).tokenCommand,
}

/**
 * The commands that handle an interrupt themselves (stop what they started,
 * write what they found). The others are simply ended, exit 2.
 */
const handlesInterrupt = new Set(['run', 'devnet', 'serve'])

/**
 * The commands that work with what signalbox starts in the folder: before
 * anything else they remove what a signalbox process that died there left
 * running (see runner/process/Leftovers.ts).
 */
const reapsLeftovers = new Set(['run', 'devnet'])

/** The names of every command, for `--help` on each. */
export const commandNames = Object.keys(commands)

/**
 * A command's help: its lines of the usage (with their continuations) and,
 * for run, its options; the whole usage for another name.
 */
export function helpOf(command: string): string {
  const lines = usage.split('\n')
  const own: string[] = []
  let inCommand = false
  for (const line of lines) {
    if (line.startsWith('  signalbox ')) inCommand = line.startsWith(`  signalbox ${command} `)
    else if (!line.startsWith('    ')) inCommand = false
    if (inCommand) own.push(line)
  }
  if (own.length === 0) return usage
  const options = usage.indexOf(`Options of ${command}:`)
  const optionsBlock =
    options === -1 ? '' : `\n\n${usage.slice(options, usage.indexOf('\n\n', options))}`
  return `Usage:\n${own.join('\n')}${optionsBlock}`
}

/** Whether the arguments ask for help (`--help` or `-h` before any `--`). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')
}

/** Runs the command line `argv` (without `node` and the script); returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv
    const known =
      command !== undefined && Object.hasOwn(commands, command) ? commands[command] : undefined
    if (known && asksForHelp(rest)) {
      io.stdout(helpOf(command as string))
      return 0
    }
    if (command === 'help' && rest[0] !== undefined) {
      io.stdout(helpOf(rest[0]))
      return 0
    }
    if (known) {
      if (reapsLeftovers.has(command as string)) await removeLeftovers(io)
      if (command === 'run')
        return await withRunLifecycle(io, async () => (await known())(rest, io))
      const work = (await known())(rest, io)
      return handlesInterrupt.has(command as string) || !io.signal
        ? await work
        : await untilInterrupted(work, io.signal)
    }
    switch (command) {
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

/** Removes what dead signalbox processes left in the folder, and says so on stderr. */
async function removeLeftovers(io: CliIo): Promise<void> {
  const { reapLeftovers, describeReaped } = await import('../process/Leftovers.js')
  for (const line of describeReaped(await reapLeftovers(io.cwd))) io.stderr(line)
}

/**
 * A run with its books kept: what it starts is in its ledger while it runs
 * (removed by the next command should this process be killed), and when it
 * ends, however it ends, the processes its suites left running are ended,
 * with a warning.
 */
async function withRunLifecycle(io: CliIo, run: () => Promise<number>): Promise<number> {
  const { keepLedger } = await import('../process/Ledger.js')
  const ledger = keepLedger(io.cwd, 'run')
  const strays = io.ownsProcess ? await import('../process/Strays.js') : undefined
  const mark = strays?.markRun()
  try {
    return await run()
  } finally {
    if (strays && mark) {
      for (const line of strays.describeStrays(await strays.endStrays(mark, ledger.pids())))
        io.stderr(line)
    }
    await ledger.close()
  }
}

/** The command's exit code, or 2 as soon as `signal` aborts (Ctrl-C, SIGTERM). */
async function untilInterrupted(work: Promise<number>, signal: AbortSignal): Promise<number> {
  let onAbort = () => {}
  const interrupted = new Promise<number>((resolve) => {
    onAbort = () => resolve(ExitCode.error)
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work, interrupted])
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

function versionOf(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }
  return pkg.version
}
