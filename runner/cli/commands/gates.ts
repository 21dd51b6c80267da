import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError } from '../../../core/index.js'
import { listGates, resolveGate } from '../../../gates/index.js'
import { describeGate, renderPlan } from '../../../reports/index.js'
import { loadGatesFile } from '../../files/InputFiles.js'
import { planRun } from '../../pipeline/Plan.js'
import { resolveSuitesRoots } from '../../vitest/SuitesRoots.js'
import { type CliIo, parseCommand } from '../Arguments.js'

/** `signalbox gates list|explain`: what the gates are, without running anything. */
export async function gatesCommand(argv: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = argv
  switch (subcommand) {
    case 'list':
      return list(rest, io)
    case 'explain':
      return explain(rest, io)
    default:
      throw new UsageError(
        subcommand
          ? `unknown gates command: ${subcommand}`
          : 'gates needs a command: list or explain',
        { hint: 'signalbox gates list | signalbox gates explain <gate>' },
      )
  }
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    'gates-file': { type: 'string' },
    json: { type: 'boolean', default: false },
  })
  const gates = await loadGatesFile(values['gates-file'], io.cwd)
  const summaries = listGates(gates.file)
  if (values.json) {
    io.stdout(JSON.stringify(summaries, null, 2))
    return 0
  }
  io.stdout(`gates in ${gates.fileName}:`)
  for (const gate of summaries) {
    io.stdout(
      `  ${gate.name}${gate.inherits ? ` (inherits ${gate.inherits})` : ''}\n    ${gate.description}`,
    )
  }
  return 0
}

async function explain(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      'gates-file': { type: 'string' },
      suites: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
    true,
  )
  const [name, ...extra] = positionals
  if (!name || extra.length > 0)
    throw new UsageError('gates explain takes one gate: signalbox gates explain <gate>')
  const gates = await loadGatesFile(values['gates-file'], io.cwd)
  const gate = resolveGate(gates.file, name, { fileName: gates.fileName })
  const suitesRoot = resolve(io.cwd, 'suites')
  if (values.suites === undefined && !existsSync(suitesRoot)) {
    // Outside a project with suites, the policy alone is worth explaining.
    io.stdout(values.json ? JSON.stringify({ gate }, null, 2) : describeGate(gate).join('\n'))
    if (!values.json)
      io.stdout(
        `\n(no suites folder at ${suitesRoot}: pass --suites to see the tests the gate selects)`,
      )
    return 0
  }
  // As run takes them: several folders, shipped suites by name (signalbox:base).
  const suites = resolveSuitesRoots(values.suites ?? [], io.cwd)
  const plan = await planRun({
    cwd: io.cwd,
    suitesRoot: suites[0]?.dir ?? suitesRoot,
    suites,
    gates: [gate],
  })
  io.stdout(values.json ? JSON.stringify(plan.gates[0], null, 2) : renderPlan(plan))
  return 0
}
