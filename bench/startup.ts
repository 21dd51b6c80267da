/**
 * Start-up of `signalbox run`: from the process's spawn until it asks for the
 * devnet (the "starting the … devnet" line), that is node, signalbox's
 * modules, the gates file, the folder's leftovers and the suite files found.
 * Then the same for npx's own share: `npx signalbox --version` against
 * `node dist/runner/cli/bin.js --version`, in this checkout.
 *
 *   npx tsx bench/startup.ts [--runs N]
 *
 * Each run is interrupted (SIGINT) once the line is seen; the devnet is a
 * descriptor of an embedded devnet started here, so nothing starts. Medians
 * of N (default 10). Target: start-up under 1 s. Needs `npm run build` first.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { embeddedDevnet } from '../devnet/backends/Embedded.js'
import { toDevnetSdk } from '../devnet/DevnetSdkDescriptor.js'
import { reportFigures } from './figures.js'
import { median, timeCommand } from './stats.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const bin = join(repo, 'dist/runner/cli/bin.js')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } })
const runs = Number(values.runs)
const targetMs = 1_000

/** Ms from spawning `signalbox run` until it asks for the devnet; then it is interrupted. */
function timeToDevnet(cwd: string, descriptorFile: string): Promise<number> {
  const start = performance.now()
  const child = spawn(
    process.execPath,
    [bin, 'run', '--devnet', descriptorFile, '--suites', join(repo, 'suites'), '--out', 'out'],
    { cwd, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  let seenMs: number | undefined
  child.stderr.on('data', (chunk) => {
    stderr += chunk
    if (seenMs === undefined && /starting the .* devnet/.test(stderr)) {
      seenMs = performance.now() - start
      child.kill('SIGINT')
    }
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      if (seenMs === undefined) reject(new Error(`signalbox run exited ${code} first:\n${stderr}`))
      else resolve(seenMs)
    })
  })
}

const scratch = await mkdtemp(join(tmpdir(), 'signalbox-bench-startup-'))
const devnet = await embeddedDevnet().start({ timeoutMs: 10_000 })
const startup: number[] = []
const viaNode: number[] = []
const viaNpx: number[] = []
try {
  const descriptorFile = join(scratch, 'descriptor.json')
  await writeFile(descriptorFile, JSON.stringify(toDevnetSdk(devnet.descriptor)))
  // Once before measuring: npx links this checkout into its cache on first use.
  await timeCommand('npx', ['signalbox', '--version'], { cwd: repo })
  for (let run = 0; run < runs; run++) {
    startup.push(await timeToDevnet(scratch, descriptorFile))
    viaNode.push(await timeCommand(process.execPath, [bin, '--version'], { cwd: repo }))
    viaNpx.push(await timeCommand('npx', ['signalbox', '--version'], { cwd: repo }))
  }
} finally {
  await devnet.stop()
  await rm(scratch, { recursive: true, force: true })
}

const ms = (values: number[]) => Math.round(median(values))
console.log(
  `signalbox run until it asks for the devnet: ${ms(startup)} ms (median of ${runs}; ${Math.round(Math.min(...startup))}–${Math.round(Math.max(...startup))} ms)`,
)
console.log(
  `--version: node ${ms(viaNode)} ms, npx ${ms(viaNpx)} ms (npx's own share ${ms(viaNpx) - ms(viaNode)} ms)`,
)
reportFigures('startup', [
  {
    name: 'signalbox run start-up: node, modules, gates, suite files, until the devnet is asked for',
    value: ms(startup),
    unit: 'ms',
    target: { max: targetMs },
    method: `median of ${runs}, node dist/runner/cli/bin.js`,
  },
  {
    name: "npx's own share: npx signalbox --version minus node dist/runner/cli/bin.js --version",
    value: ms(viaNpx) - ms(viaNode),
    unit: 'ms',
    method: `medians of ${runs} (npx ${ms(viaNpx)} ms, node ${ms(viaNode)} ms)`,
  },
])
if (ms(startup) >= targetMs) process.exitCode = 1
