/**
 * Wall time of `signalbox run` on the shipped suites, start to exit: the
 * embedded devnet's start, every suite, the verdict and the reports.
 *
 *   npx tsx bench/suites.ts [--runs N]     (default 5; build first: npm run build)
 *
 * Prints each run and the median. A run that does not pass (exit code other
 * than 0, or a test neither passed nor skipped) stops the benchmark: the
 * time of a failing run measures nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { median, timeCommand } from './stats.js'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const cli = join(repoRoot, 'dist', 'runner', 'bin.js')

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } })
const runs = Number(values.runs)

interface RunSample {
  wallMs: number
  tests: number
  passed: number
  skipped: number
}

/** Runs the CLI once into a fresh output folder; resolves with its wall time and what results.json says. */
async function runOnce(): Promise<RunSample> {
  const out = await mkdtemp(join(tmpdir(), 'signalbox-bench-suites-'))
  try {
    const wallMs = await timeCommand(process.execPath, [cli, 'run', '--out', out], {
      cwd: repoRoot,
      env: { NO_COLOR: '1' },
    })
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      tests: Array<{ id: string; status: string }>
    }
    const failing = results.tests.filter(
      (test) => test.status !== 'passed' && test.status !== 'skipped',
    )
    if (failing.length > 0) {
      throw new Error(
        `signalbox run exited 0, but these tests did not pass: ${failing.map((test) => `${test.id} (${test.status})`).join(', ')}`,
      )
    }
    const count = (status: string) => results.tests.filter((test) => test.status === status).length
    return {
      wallMs,
      tests: results.tests.length,
      passed: count('passed'),
      skipped: count('skipped'),
    }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}

const samples: RunSample[] = []
for (let run = 1; run <= runs; run++) {
  const sample = await runOnce()
  samples.push(sample)
  console.log(
    `run ${run}: ${(sample.wallMs / 1000).toFixed(2)} s (${sample.tests} tests: ${sample.passed} passed, ${sample.skipped} skipped)`,
  )
}
const wall = samples.map((sample) => sample.wallMs)
console.log(
  `signalbox run on the shipped suites, ${runs} runs: median ${(median(wall) / 1000).toFixed(2)} s ` +
    `(min ${(Math.min(...wall) / 1000).toFixed(2)} s, max ${(Math.max(...wall) / 1000).toFixed(2)} s)`,
)
