import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError } from '../../../core/index.js'
import {
  GateConfigError,
  type GatesFile,
  listGates,
  resolveGate,
  type SelectionWarning,
  surprisingSelections,
} from '../../../gates/index.js'
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
  // Each gate's own entries: an ancestor's are listed under the ancestor.
  const summaries = listGates(gates.file).map((gate) => {
    const warnings = ownWarnings(gates.file, gate.name, gates.fileName)
    return { ...gate, ...(warnings.length > 0 && { warnings: warnings.map(messageOf) }) }
  })
  if (values.json) {
    io.stdout(JSON.stringify(summaries, null, 2))
    return 0
  }
  io.stdout(`gates in ${gates.fileName}:`)
  for (const gate of summaries) {
    io.stdout(
      `  ${gate.name}${gate.inherits ? ` (inherits ${gate.inherits})` : ''}\n    ${gate.description}`,
    )
    for (const warning of gate.warnings ?? []) io.stdout(`    warning: ${warning}`)
  }
  return 0
}

/** The warnings about a gate's own entries; none for a gate that does not resolve (explain says why). */
function ownWarnings(file: GatesFile, name: string, fileName: string): SelectionWarning[] {
  try {
    return surprisingSelections(file, name, fileName).filter((warning) => warning.gate === name)
  } catch (error) {
    if (error instanceof GateConfigError) return []
    throw error
  }
}

function messageOf(warning: SelectionWarning): string {
  return warning.message
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
  // Its ancestors' entries too: they shape its selection.
  const warnings = surprisingSelections(gates.file, name, gates.fileName).map(messageOf)
  const warningLines = warnings.map((warning) => `warning: ${warning}`)
  const suitesRoot = resolve(io.cwd, 'suites')
  if (values.suites === undefined && !existsSync(suitesRoot)) {
    // Outside a project with suites, the policy alone is worth explaining.
    io.stdout(
      values.json
        ? JSON.stringify({ gate, warnings }, null, 2)
        : [...warningLines, ...describeGate(gate)].join('\n'),
    )
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
  io.stdout(
    values.json
      ? JSON.stringify({ ...plan.gates[0], warnings }, null, 2)
      : [...warningLines, renderPlan(plan)].join('\n'),
  )
  return 0
}
