/**
 * The dashboard under load: `npx tsx bench/dashboard.ts [--runs 1000] [--tests 500] [--connections 1]`.
 *
 * For SQLite and PostgreSQL (a private cluster from Debian's postgresql
 * package, or SIGNALBOX_TEST_POSTGRES_URL): seeds 1,000 runs of 500 tests
 * (`seedHistory`), serves the dashboard on 127.0.0.1, and loads four pages
 * from a second process (autocannon: `--connections` at once, default 1, for
 * 5 s each, bounded):
 * the runs list, a run detail, compare (with the previous run of its gate) and
 * a gate's trend. Prints each page's p50 and p99 latency beside the target
 * (p99 < 50 ms); exits 1 when one misses it.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Table from 'cli-table3'
import pg from 'pg'
import { openHistoryStore } from '../reports/history/index.js'
import { startPostgresServer } from '../reports/history/testing/PostgresServer.js'
import { startDashboardServer } from '../runner/dashboard/DashboardServer.js'
import { reportFigures } from './figures.js'
import { seedHistory } from './seedHistory.js'

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}
const runs = argument('--runs', 1000)
const testsPerRun = argument('--tests', 500)
const connections = argument('--connections', 1)
const p99TargetMs = 50
const autocannon = join(import.meta.dirname, '..', 'node_modules', '.bin', 'autocannon')

interface Measured {
  store: string
  page: string
  p50: number
  p99: number
  requests: number
  errors: number
}

/** Loads one URL from a second process: `connections` at once for 5 s, loopback only. */
async function load(
  url: string,
): Promise<{ p50: number; p99: number; requests: number; errors: number }> {
  const { stdout } = await promisify(execFile)(
    autocannon,
    ['--json', '--connections', String(connections), '--duration', '5', url],
    { maxBuffer: 16 * 1024 * 1024 },
  )
  const report = JSON.parse(stdout) as {
    latency: { p50: number; p99: number }
    requests: { total: number }
    errors: number
    non2xx: number
  }
  return {
    p50: report.latency.p50,
    p99: report.latency.p99,
    requests: report.requests.total,
    errors: report.errors + report.non2xx,
  }
}

async function measure(storeName: string, spec: string, cwd: string): Promise<Measured[]> {
  const seeding = await openHistoryStore(spec, cwd)
  const seeded = await seedHistory(seeding, { runs, testsPerRun })
  await seeding.close()
  // A store that has held 1,000 runs for a while has been vacuumed and analysed by
  // autovacuum; right after seeding, autovacuum would run during the measurement.
  if (/^postgres(ql)?:/.test(spec)) {
    const client = new pg.Client({ connectionString: spec })
    await client.connect()
    try {
      await client.query('VACUUM ANALYZE')
    } finally {
      await client.end()
    }
  }
  console.log(
    `${storeName}: seeded ${runs} runs of ${testsPerRun} tests in ${(seeded.elapsedMs / 1000).toFixed(1)} s`,
  )
  const server = await startDashboardServer({ store: await openHistoryStore(spec, cwd), port: 0 })
  try {
    const newest = seeded.runIds.at(-1) as string
    const pages: Array<[string, string]> = [
      ['runs list', '/'],
      ['run detail', `/runs/${encodeURIComponent(newest)}`],
      ['compare', `/compare?head=${encodeURIComponent(newest)}`],
      ['trend', '/trends?gate=alphanet'],
    ]
    const measured: Measured[] = []
    for (const [page, path] of pages) {
      const url = new URL(path, server.url).href
      const status = (await fetch(url)).status
      if (status !== 200) throw new Error(`${page} answered ${status}`)
      measured.push({ store: storeName, page, ...(await load(url)) })
    }
    return measured
  } finally {
    await server.close()
  }
}

const folder = await mkdtemp(join(tmpdir(), 'signalbox-bench-dashboard-'))
const results: Measured[] = []
try {
  results.push(...(await measure('SQLite', join(folder, 'history.db'), folder)))
  const postgres = await startPostgresServer()
  try {
    results.push(...(await measure('PostgreSQL', await postgres.createDatabase(), folder)))
  } finally {
    await postgres.stop()
  }
} finally {
  await rm(folder, { recursive: true, force: true })
}

const table = new Table({
  head: ['store', 'page', 'p50 ms', 'p99 ms', 'target p99', 'requests', 'errors', 'met'],
  style: { head: [], border: [] },
})
for (const row of results)
  table.push([
    row.store,
    row.page,
    row.p50,
    row.p99,
    `< ${p99TargetMs}`,
    row.requests,
    row.errors,
    row.p99 < p99TargetMs && row.errors === 0 ? 'yes' : 'NO',
  ])
console.log(`${connections} connection(s) at once, 5 s per page`)
console.log(table.toString())
reportFigures(
  'dashboard',
  results.map((row) => ({
    name: `${row.store}: ${row.page} p99, ${connections} connection(s), ${runs.toLocaleString('en')} runs × ${testsPerRun} tests`,
    // A page that answered with errors met nothing.
    value: row.errors > 0 ? Number.POSITIVE_INFINITY : row.p99,
    unit: 'ms' as const,
    target: { max: p99TargetMs },
    method: `autocannon from a second process, 5 s, ${row.requests} requests`,
  })),
)
if (results.some((row) => row.p99 >= p99TargetMs || row.errors > 0)) process.exitCode = 1
