/**
 * `signalbox run` against plain `vitest run` of the same files, at four
 * sizes: the 35 shipped tests, 500 and 2,000 generated tests with one RPC
 * each (10 and 40 files × 50) and 10,000 generated tests without RPC
 * (10 files × 1,000).
 *
 *   npx tsx bench/ratio.ts [--runs N] [--sizes 35,500,2000,10000]
 *
 * One embedded devnet, started here, serves every run of both (signalbox
 * attaches to it through a descriptor; plain vitest gets it from
 * bench/plain-vitest.setup.ts, which funds its faucet as signalbox does).
 * Same pool (threads) and 4 workers. The runs come in pairs, one of each,
 * which goes first alternating from pair to pair: this machine's speed drifts
 * by 20 % and more within minutes, and a pair's two runs see the same speed.
 * Each figure is the median of the pairs' ratios (default 21 pairs: with 7, a
 * median moved by up to 6.5 % between invocations; with 21, at 35 and 500
 * tests, by 2 %), the whole
 * command's wall time, node start included. Target: ≤ 1.10×.
 * Needs `npm run build` first.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { embeddedDevnet } from '../devnet/backends/Embedded.js'
import { toDevnetSdk } from '../devnet/DevnetSdkDescriptor.js'
import { reportFigures } from './figures.js'
import { median, timeCommand } from './stats.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    sizes: { type: 'string', default: '35,500,2000,10000' },
  },
})
const runs = Number(values.runs)
const sizes = values.sizes.split(',').map(Number)
const targetRatio = 1.1

/** Writes `files` suite files of `perFile` tests each; with `rpc`, each test reads the L2 head. */
async function generateSuites(dir: string, files: number, perFile: number, rpc: boolean) {
  for (let file = 0; file < files; file++) {
    const feature = `feature${String(file).padStart(2, '0')}`
    const body = rpc
      ? `async ({ l2 }) => { expect(await l2.getBlockNumber()).toBeGreaterThanOrEqual(0n) }`
      : `() => { expect(${file} + i).toBe(${file} + i) }`
    await mkdir(join(dir, feature), { recursive: true })
    await writeFile(
      join(dir, feature, `generated.accept.ts`),
      `import { describe, expect, test } from 'signalbox/suite'
describe('${feature}', { meta: { owner: 'bench', severity: 'SEV3' } }, () => {
  for (let i = 0; i < ${perFile}; i++) test(\`case \${i}\`, ${body})
})
`,
    )
  }
}

const scratch = await mkdtemp(join(tmpdir(), 'signalbox-bench-ratio-'))
const devnet = await embeddedDevnet().start({ timeoutMs: 10_000 })
const descriptorFile = join(scratch, 'descriptor.json')
await writeFile(descriptorFile, JSON.stringify(toDevnetSdk(devnet.descriptor)))

interface Row {
  tests: number
  signalboxMs: number
  vitestMs: number
  /** Each pair's signalbox time over its vitest time, in the order run. */
  ratios: number[]
}
const rows: Row[] = []
try {
  for (const size of sizes) {
    let suites = join(repo, 'suites')
    if (size !== 35) {
      suites = join(scratch, `suites-${size}`)
      if (size === 10_000) await generateSuites(suites, 10, 1_000, false)
      else await generateSuites(suites, size / 50, 50, true)
    }
    // Each signalbox run in a folder of its own: its history and reports start empty every time.
    const signalbox: number[] = []
    const vitest: number[] = []
    for (let run = 0; run < runs; run++) {
      const cwd = join(scratch, `run-${size}-${run}`)
      await mkdir(cwd)
      const timeSignalbox = () =>
        timeCommand(
          process.execPath,
          [
            join(repo, 'dist/runner/cli/bin.js'),
            'run',
            '--devnet',
            descriptorFile,
            '--suites',
            suites,
            '--workers',
            '4',
            '--out',
            join(cwd, 'out'),
          ],
          { cwd },
        )
      const timeVitest = () =>
        timeCommand(
          process.execPath,
          [
            join(repo, 'node_modules/vitest/vitest.mjs'),
            'run',
            '--config',
            join(repo, 'bench/plain-vitest.config.ts'),
            '--reporter',
            'dot',
          ],
          {
            cwd: repo,
            env: {
              SIGNALBOX_BENCH_DEVNET: JSON.stringify(devnet.descriptor),
              SIGNALBOX_BENCH_SUITES: suites,
              // A cache of its own for each run, as each signalbox run has (in its folder's
              // .signalbox/): vitest orders files by the durations it cached, so a cache kept
              // from run to run would give plain vitest an order signalbox's runs never get.
              SIGNALBOX_BENCH_CACHE: join(cwd, 'vitest-cache'),
            },
          },
        )
      if (run % 2 === 0) {
        signalbox.push(await timeSignalbox())
        vitest.push(await timeVitest())
      } else {
        vitest.push(await timeVitest())
        signalbox.push(await timeSignalbox())
      }
      console.log(
        `${size} tests, run ${run + 1}/${runs}: signalbox ${Math.round(signalbox.at(-1) ?? 0)} ms, vitest ${Math.round(vitest.at(-1) ?? 0)} ms`,
      )
    }
    rows.push({
      tests: size,
      signalboxMs: median(signalbox),
      vitestMs: median(vitest),
      ratios: signalbox.map((ms, run) => ms / (vitest[run] as number)),
    })
  }
} finally {
  await devnet.stop()
  await rm(scratch, { recursive: true, force: true })
}

const spread = (ratios: readonly number[]) =>
  `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`
for (const row of rows) {
  console.log(
    `${String(row.tests).padStart(6)} tests: median pair ratio ${median(row.ratios).toFixed(2)}× (pairs ${spread(row.ratios)}; target ≤ ${targetRatio}×); medians: signalbox ${(row.signalboxMs / 1000).toFixed(2)} s, plain vitest ${(row.vitestMs / 1000).toFixed(2)} s`,
  )
}
reportFigures(
  'ratio',
  rows.map((row) => ({
    name: `signalbox run ÷ plain vitest, ${row.tests.toLocaleString('en')} tests`,
    value: median(row.ratios),
    unit: '×' as const,
    target: { max: targetRatio, inclusive: true },
    method: `median of ${runs} pairs' ratios (pairs ${spread(row.ratios)}; medians ${(row.signalboxMs / 1000).toFixed(2)} s vs ${(row.vitestMs / 1000).toFixed(2)} s)`,
  })),
)
if (rows.some((row) => median(row.ratios) > targetRatio)) process.exitCode = 1
