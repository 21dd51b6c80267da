/**
 * Start→ready time of each devnet backend, and of the health checks on it.
 *
 *   npx tsx bench/devnet.ts [--embedded N] [--testcontainers N] [--descriptor N]
 *
 * Defaults: 10 embedded starts, 5 testcontainers starts (needs Docker and the
 * local anvil image: .ci/docker-setup.sh), 10 attaches to a devnet-sdk
 * descriptor of an embedded devnet started outside the backend. Ready means
 * `start()` resolved: every process or container answers (embedded,
 * testcontainers) or the descriptor is read and valid (descriptor).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  checkHealth,
  type DevnetBackend,
  descriptorSourceDevnet,
  embeddedDevnet,
  testcontainersDevnet,
  toDevnetSdk,
} from '../devnet/index.js'
import { reportFigures } from './figures.js'
import { median } from './stats.js'

const { values } = parseArgs({
  options: {
    embedded: { type: 'string', default: '10' },
    testcontainers: { type: 'string', default: '5' },
    descriptor: { type: 'string', default: '10' },
  },
})

interface Sample {
  startMs: number
  healthMs: number
  healthy: boolean
  stopMs: number
}

async function measure(backend: DevnetBackend, runs: number): Promise<Sample[]> {
  const samples: Sample[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    const devnet = await backend.start({ timeoutMs: 60_000 })
    const ready = performance.now()
    const checks = await checkHealth(devnet.descriptor)
    const checked = performance.now()
    await devnet.stop()
    samples.push({
      startMs: ready - started,
      healthMs: checked - ready,
      healthy: checks.every((check) => check.ok),
      stopMs: performance.now() - checked,
    })
  }
  return samples
}

function report(name: string, samples: Sample[]): void {
  if (samples.length === 0) return
  reportFigures('devnet', [
    {
      name: `${name} devnet start→ready`,
      value: median(samples.map((sample) => sample.startMs)),
      unit: 'ms',
      // The embedded devnet's target; the others are measured, not promised.
      ...(name === 'embedded' ? { target: { max: 1_000 } } : {}),
      method: `median of ${samples.length}`,
    },
    {
      name: `${name} devnet health checks`,
      value: median(samples.map((sample) => sample.healthMs)),
      unit: 'ms',
      method: `median of ${samples.length}`,
    },
  ])
  const ms = (value: number) => `${Math.round(value)} ms`.padStart(9)
  const starts = samples.map((sample) => sample.startMs)
  console.log(
    [
      name.padEnd(15),
      String(samples.length).padStart(3),
      ms(median(starts)),
      `${ms(Math.min(...starts))} …${ms(Math.max(...starts))}`,
      ms(median(samples.map((sample) => sample.healthMs))),
      ms(median(samples.map((sample) => sample.stopMs))),
      `${samples.filter((sample) => sample.healthy).length}/${samples.length}`.padStart(8),
    ].join('  '),
  )
}

console.log(
  [
    'backend'.padEnd(15),
    '  N',
    'start p50',
    '      min …      max',
    'health p50',
    ' stop p50',
    ' healthy',
  ].join('  '),
)

report('embedded', await measure(embeddedDevnet(), Number(values.embedded)))

if (Number(values.testcontainers) > 0) {
  process.env.SIGNALBOX_ANVIL_IMAGE ||= 'signalbox/anvil:local'
  const backend = testcontainersDevnet({ pull: 'never' })
  // The first start also connects testcontainers to Docker; it is measured apart.
  const first = await measure(backend, 1)
  report('testcontainers', await measure(backend, Number(values.testcontainers)))
  console.log(
    `${''.padEnd(15)}  (first start in the process, connecting to Docker: ${Math.round(first[0]?.startMs ?? 0)} ms)`,
  )
}

if (Number(values.descriptor) > 0) {
  const outside = await embeddedDevnet({ accounts: 10 }).start({ timeoutMs: 10_000 })
  const dir = await mkdtemp(join(tmpdir(), 'signalbox-bench-'))
  try {
    const file = join(dir, 'devnet.json')
    await writeFile(file, JSON.stringify(toDevnetSdk(outside.descriptor)))
    report('descriptor', await measure(descriptorSourceDevnet(file), Number(values.descriptor)))
  } finally {
    await outside.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
