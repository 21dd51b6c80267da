import { readFileSync } from 'node:fs'
import { exitCodeOf, formatError, UsageError } from '../../core/index.js'
import { packagePath } from '../files/PackagePaths.js'
import type { CliIo } from './Arguments.js'
import { devnetCommand } from './commands/devnet.js'
import { gatesCommand } from './commands/gates.js'
import { reportCommand } from './commands/report.js'
import { runCommand } from './commands/run.js'
import { verdictCommand } from './commands/verdict.js'

export type { CliIo } from './Arguments.js'

const usage = `signalbox — acceptance tests with release gating for devnets

Usage:
  signalbox run [options]                  run the suites against a devnet; judge each gate
  signalbox gates list                     the gates and what they are for
  signalbox gates explain <gate>           a gate's resolved policy and the tests it selects
  signalbox verdict <results.json> --gate <g> [--readiness <file>] [--now <YYYY-MM-DD>]
                                           judge stored results again, without running anything
  signalbox report <results.json> --format md|junit|html|json [--out <file>]
                   [--readiness <file>] [--gate <g>] [--now <YYYY-MM-DD>]
                                           a report from stored results
  signalbox devnet up [--devnet <spec>]    start a devnet and keep it for later runs (--devnet running)
  signalbox devnet status | describe [--out <file>] [--with-keys] | down

Options of run:
  --suites <dir>       folder of *.accept.ts suites (default: ./suites)
  --devnet <spec>      embedded (default) | testcontainers[:<definition.yaml>] | kurtosis:<enclave>
                       | <descriptor.json> | http(s)://<descriptor URL> | running (from devnet up)
  --kurtosis-args <f>  with kurtosis:<enclave>: create the enclave from this args file, remove it after
  --gate <names>       gate(s) to judge by, comma-separated (default: pr)
  --readiness <file>   the release candidate's readiness file (checklist, findings, triage, mitigations)
  --gates-file <file>  gates to use instead of the shipped ones (also for gates and verdict)
  --out <dir>          where results go (default: .signalbox/runs/<run id>/)
  --workers <n>        test workers at once (default: 4)
  --dry-run            show what would run for each gate; start nothing
  --json               print results.json instead of the summary

Exit codes: 0 promote, 1 block, 2 error (bad input, devnet down, run incomplete).`

/** Runs the command line `argv` (without `node` and the script); returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv
    switch (command) {
      case 'run':
        return await runCommand(rest, io)
      case 'gates':
        return await gatesCommand(rest, io)
      case 'verdict':
        return await verdictCommand(rest, io)
      case 'devnet':
        return await devnetCommand(rest, io)
      case 'report':
        return await reportCommand(rest, io)
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

function versionOf(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }
  return pkg.version
}
