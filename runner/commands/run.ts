import { resolve } from 'node:path'
import { checkHealth } from '../../devnet/index.js'
import { ProgressRenderer, renderTerminalSummary } from '../../reports/index.js'
import { type CliIo, gateNames, parseCommand, positiveInteger, useColor } from '../CommandLine.js'
import { defaultGate, loadGatesFile, loadReadinessFile, resolveGates } from '../GateConfig.js'
import { reportToGithub } from '../Github.js'
import { planRun, renderPlan } from '../Plan.js'
import { run } from '../Run.js'
import { backendOf } from './devnet.js'

/** `signalbox run`: run the suites against a devnet and decide. */
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
  const devnet = await backendOf(values.devnet ?? 'embedded', io, values['kurtosis-args'])

  if (values['dry-run']) {
    const plan = await planRun({ cwd: io.cwd, suitesRoot, gates })
    io.stdout(values.json ? JSON.stringify(plan, null, 2) : renderPlan(plan))
    return 0
  }

  const progress = new ProgressRenderer({
    total: 0,
    // The renderer ends its own lines; on a TTY it redraws one with \r.
    write: io.stderrRaw ?? ((text) => io.stderr(text.replace(/\n$/, ''))),
    tty: io.tty === true,
    color: useColor(io),
    columns: io.columns,
    every: 10,
  })
  const outcome = await run({
    cwd: io.cwd,
    suitesRoot,
    ...(values.out ? { outDir: resolve(io.cwd, values.out) } : {}),
    gates,
    ...(readiness ? { readiness } : {}),
    ...(maxWorkers ? { maxWorkers } : {}),
    devnet,
    checkHealth: (descriptor) => checkHealth(descriptor),
    ...(io.signal ? { signal: io.signal } : {}),
    onStatus: (message) => io.stderr(message),
    onTestsFound: (count) => progress.testsFound(count),
    onResult: (result) => progress.testFinished(result),
  })
  progress.finish()
  if (outcome.results.run.error) io.stderr(`error: ${outcome.results.run.error}`)
  if (io.env?.GITHUB_ACTIONS === 'true') {
    await reportToGithub(outcome.results, outcome.extras, io)
  }
  if (values.json) io.stdout(JSON.stringify(outcome.results, null, 2))
  else {
    io.stdout(renderTerminalSummary(outcome.results, { color: useColor(io), width: io.columns }))
    io.stdout(`reports: ${outcome.outDir}/ (results.json, readiness.md, junit.xml, report.html)`)
  }
  return outcome.exitCode
}
