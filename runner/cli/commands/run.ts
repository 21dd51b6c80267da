import { relative, resolve, sep } from 'node:path'
import { checkHealth } from '../../../devnet/index.js'
import { renderPlan, renderTerminalSummary } from '../../../reports/index.js'
import {
  defaultGate,
  loadGatesFile,
  loadReadinessFile,
  resolveGates,
} from '../../files/InputFiles.js'
import { writeRunReports } from '../../files/ReportFiles.js'
import { defaultRunDir } from '../../files/Workspace.js'
import { devnetBackendFor } from '../../held/HeldDevnet.js'
import { planRun } from '../../pipeline/Plan.js'
import { run } from '../../pipeline/Run.js'
import { type CliIo, gateNames, parseCommand, positiveInteger, useColor } from '../Arguments.js'
import { inGithubActions, reportToGithub } from '../GithubOutput.js'
import { terminalListener } from '../TerminalOutput.js'

/** `signalbox run`: run the suites against a devnet, decide, and write the reports. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    suites: { type: 'string' },
    out: { type: 'string' },
    gate: { type: 'string' },
    'gates-file': { type: 'string' },
    readiness: { type: 'string' },
    workers: { type: 'string' },
    devnet: { type: 'string' },
    'kurtosis-args': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  })
  const maxWorkers = positiveInteger(values.workers, '--workers')
  const gatesFile = await loadGatesFile(values['gates-file'], io.cwd)
  const gates = resolveGates(gatesFile, gateNames(values.gate, defaultGate))
  const readiness = values.readiness ? await loadReadinessFile(values.readiness, io.cwd) : undefined
  const suitesRoot = resolve(io.cwd, values.suites ?? 'suites')
  const devnet = await devnetBackendFor(
    { spec: values.devnet ?? 'embedded', kurtosisArgsFile: values['kurtosis-args'] },
    io.cwd,
  )

  if (values['dry-run']) {
    const plan = await planRun({ cwd: io.cwd, suitesRoot, gates })
    io.stdout(values.json ? JSON.stringify(plan, null, 2) : renderPlan(plan))
    return 0
  }

  const { results, exitCode } = await run({
    cwd: io.cwd,
    suitesRoot,
    gates,
    ...(readiness ? { readiness } : {}),
    ...(maxWorkers ? { maxWorkers } : {}),
    devnet,
    checkHealth: (descriptor) => checkHealth(descriptor),
    ...(io.signal ? { signal: io.signal } : {}),
    onEvent: terminalListener(io),
  })
  const outDir = values.out ? resolve(io.cwd, values.out) : defaultRunDir(io.cwd, results.run.id)
  const context = {
    ...(readiness ? { readiness } : {}),
    // Test files are relative to the suites root; reports point at repository paths.
    pathPrefix: relative(io.cwd, suitesRoot).split(sep).join('/'),
  }
  await writeRunReports(outDir, results, context)
  if (results.run.error) io.stderr(`error: ${results.run.error}`)
  if (inGithubActions(io)) await reportToGithub(results, context, io, { stdoutIsData: values.json })
  if (values.json) io.stdout(JSON.stringify(results, null, 2))
  else {
    io.stdout(renderTerminalSummary(results, { color: useColor(io), width: io.columns }))
    io.stdout(`reports: ${outDir}/ (results.json, readiness.md, junit.xml, report.html)`)
  }
  return exitCode
}
