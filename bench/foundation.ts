/**
 * The figures of the foundation issue, in one run:
 *  1. embedded devnet start→ready (target: under 1 s);
 *  2. wall time of `signalbox run` against plain `vitest run` on the same
 *     suite files, with a devnet already up (target: signalbox ≤ 1.15×).
 * Needs `npm run build` first. Run: `npx tsx bench/foundation.ts [runs]`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { embeddedDevnet } from '../devnet/backends/Embedded.js'
import { toDevnetSdk } from '../devnet/DevnetSdkDescriptor.js'
import { median, timeCommand } from './stats.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const runs = Number(process.argv[2] ?? 9)

// 1. Start→ready of the embedded devnet.
const startTimes: number[] = []
for (let i = 0; i < 15; i++) {
  const start = performance.now()
  const devnet = await embeddedDevnet().start({ timeoutMs: 10_000 })
  startTimes.push(performance.now() - start)
  await devnet.stop()
}

// 2. One devnet for both runners; alternate them so drift hits both alike.
const scratch = await mkdtemp(join(tmpdir(), 'signalbox-bench-'))
const devnet = await embeddedDevnet().start({ timeoutMs: 10_000 })
const descriptorFile = join(scratch, 'descriptor.json')
await writeFile(descriptorFile, JSON.stringify(toDevnetSdk(devnet.descriptor)))
const signalboxTimes: number[] = []
const vitestTimes: number[] = []
try {
  for (let i = 0; i < runs; i++) {
    signalboxTimes.push(
      await timeCommand(
        process.execPath,
        [
          'dist/runner/cli/bin.js',
          'run',
          '--devnet',
          descriptorFile,
          '--out',
          join(scratch, `run-${i}`),
        ],
        { cwd: repo },
      ),
    )
    vitestTimes.push(
      await timeCommand(
        process.execPath,
        [
          'node_modules/vitest/vitest.mjs',
          'run',
          '--config',
          'bench/plain-vitest.config.ts',
          '--reporter',
          'dot',
        ],
        { cwd: repo, env: { SIGNALBOX_BENCH_DEVNET: JSON.stringify(devnet.descriptor) } },
      ),
    )
  }
} finally {
  await devnet.stop()
  await rm(scratch, { recursive: true, force: true })
}

const ms = (value: number) => `${value.toFixed(0)} ms`
const startMedian = median(startTimes)
const ratio = median(signalboxTimes) / median(vitestTimes)
console.log(
  `embedded devnet start→ready: median ${ms(startMedian)} over ${startTimes.length} (target < 1000 ms)`,
)
console.log(
  `signalbox run (devnet up, health checks included): median ${ms(median(signalboxTimes))} over ${runs}`,
)
console.log(
  `plain vitest run, same suites and devnet:          median ${ms(median(vitestTimes))} over ${runs}`,
)
console.log(`ratio: ${ratio.toFixed(3)}× (target ≤ 1.15×)`)
if (startMedian >= 1000 || ratio > 1.15) process.exitCode = 1
