/**
 * The history store at scale: `npx tsx bench/history.ts`.
 *
 * For SQLite (a file in a temporary folder) and PostgreSQL (a private cluster
 * from Debian's postgresql package, or the server SIGNALBOX_TEST_POSTGRES_URL
 * names):
 * 1. saves a run of 10,000 tests 7 times (after one warm-up) and prints the
 *    median (target < 1000 ms);
 * 2. seeds 1,000 runs of 500 tests (`seedHistory`, the dashboard load
 *    benchmark's data) and prints how long that took;
 * 3. on that history, times the queries the dashboard makes (median of 20).
 *
 * Exits 1 when a median misses its target.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Table from 'cli-table3'
import type { HistoryStore } from '../reports/history/HistoryStore.js'
import { PostgresHistoryStore } from '../reports/history/PostgresHistoryStore.js'
import { SqliteHistoryStore } from '../reports/history/SqliteHistoryStore.js'
import { fixtureRun, manyTests } from '../reports/history/testing/HistoryFixtures.js'
import { startPostgresServer } from '../reports/history/testing/PostgresServer.js'
import { reportFigures } from './figures.js'
import { seedHistory } from './seedHistory.js'
import { median } from './stats.js'

const largeRunTests = 10_000
const saveRuns = 7
const saveTargetMs = 1000
const queryRuns = 20

interface Measured {
  store: string
  save: number
  seed: number
  queries: Record<string, number>
}

const largeTests = manyTests(largeRunTests)
const largeRun = (id: string) =>
  fixtureRun({
    id,
    startedAt: '2026-09-01T00:00:00.000Z',
    gates: ['alphanet', 'betanet'],
    gitCommit: '3c1f0e9b2a7d4c6e8f90a1b2c3d4e5f60718293a',
    tests: largeTests,
  })

async function measure(name: string, open: () => Promise<HistoryStore>): Promise<Measured> {
  const store = await open()
  try {
    await store.saveRun(largeRun('warm-up'), { source: 'local' })
    const saves: number[] = []
    for (let run = 0; run < saveRuns; run++) {
      const results = largeRun(`large-${run}`)
      const start = performance.now()
      await store.saveRun(results, { source: 'push' })
      saves.push(performance.now() - start)
    }
    const seeded = await seedHistory(store, { runs: 1000, testsPerRun: 500 })
    const someRun = seeded.runIds[Math.floor(seeded.runIds.length / 2)] ?? 'seed-00000'
    const someTest = seeded.flakyTestIds[0] ?? ''
    const queries: Record<string, () => Promise<unknown>> = {
      'listRuns (50)': () => store.listRuns(),
      'listRuns gate+release': () => store.listRuns({ gate: 'betanet', release: 'rc-5' }),
      'getRun (500 tests)': () => store.getRun(someRun),
      previousRun: () => store.previousRun(someRun, 'alphanet'),
      'testHistory (20)': () => store.testHistory(someTest),
      'flakyTests (50)': () => store.flakyTests(),
    }
    const timed: Record<string, number> = {}
    for (const [query, run] of Object.entries(queries)) {
      await run()
      const times: number[] = []
      for (let repeat = 0; repeat < queryRuns; repeat++) {
        const start = performance.now()
        await run()
        times.push(performance.now() - start)
      }
      timed[query] = median(times)
    }
    return { store: name, save: median(saves), seed: seeded.elapsedMs, queries: timed }
  } finally {
    await store.close()
  }
}

const folder = await mkdtemp(join(tmpdir(), 'signalbox-bench-history-'))
const server = await startPostgresServer()
const measured: Measured[] = []
try {
  measured.push(await measure('SQLite', () => SqliteHistoryStore.open(join(folder, 'history.db'))))
  const url = await server.createDatabase()
  measured.push(await measure('PostgreSQL', () => PostgresHistoryStore.open(url)))
} finally {
  await server.stop()
  await rm(folder, { recursive: true, force: true })
}

const ms = (value: number) => `${value.toFixed(1)} ms`
const table = new Table({
  head: ['', ...measured.map((row) => row.store)],
  style: { head: [], border: [] },
})
table.push(
  [
    `save a run of ${largeRunTests.toLocaleString('en')} tests (median of ${saveRuns}; target < ${saveTargetMs} ms)`,
    ...measured.map((row) => ms(row.save)),
  ],
  ['seed 1,000 runs × 500 tests', ...measured.map((row) => `${(row.seed / 1000).toFixed(1)} s`)],
)
for (const query of Object.keys(measured[0]?.queries ?? {})) {
  table.push([
    `${query} on that history (median of ${queryRuns})`,
    ...measured.map((row) => ms(row.queries[query] ?? Number.NaN)),
  ])
}
console.log(table.toString())

reportFigures(
  'history',
  measured.flatMap((row) => [
    {
      name: `${row.store}: save a run of ${largeRunTests.toLocaleString('en')} tests`,
      value: row.save,
      unit: 'ms' as const,
      target: { max: saveTargetMs },
      method: `median of ${saveRuns}`,
    },
    {
      name: `${row.store}: flaky tests over 1,000 runs × 500 tests`,
      value: row.queries['flakyTests (50)'] ?? Number.NaN,
      unit: 'ms' as const,
      method: `median of ${queryRuns}`,
    },
  ]),
)
const missed = measured.filter((row) => !(row.save < saveTargetMs))
for (const row of missed) {
  console.error(
    `${row.store}: saving ${largeRunTests} tests took ${ms(row.save)} (target < ${saveTargetMs} ms)`,
  )
}
process.exitCode = missed.length > 0 ? 1 : 0
