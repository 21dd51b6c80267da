import { createHash } from 'node:crypto'
import type { Decision, Severity, SeverityCounts, TestStatus } from '../core/index.js'
import type { HistoryStore } from '../reports/history/HistoryStore.js'
import {
  features,
  fixtureRun,
  fixtureTestId,
  seededRandom,
  type TestFixture,
} from '../reports/history/testing/HistoryFixtures.js'

/** How much history `seedHistory` makes. */
export interface SeedOptions {
  /** Runs saved. Default: 1000. */
  runs?: number
  /** Tests in every run. Default: 500. */
  testsPerRun?: number
  /** Start of the first run (ISO); runs follow every 30 minutes. Default: 2026-10-01T00:00:00.000Z. */
  firstRunAt?: string
  /** Seed of the randomness: the same seed makes the same history. Default: 1. */
  seed?: number
  /** Saves in flight at once, as CI jobs pushing together. Default: 4. */
  concurrency?: number
}

/** What was seeded, for a benchmark or a test to ask about. */
export interface SeedReport {
  /** Run ids, oldest first. */
  runIds: string[]
  gates: string[]
  devnets: string[]
  releases: string[]
  branches: string[]
  /** Ids of the tests made to flip between passing and failing on the same commit. */
  flakyTestIds: string[]
  /** Wall time of the seeding, in ms. */
  elapsedMs: number
}

export const seedGates = ['alphanet', 'betanet', 'testnet'] as const
const devnets = [
  { backend: 'kurtosis', name: 'interop-devnet-7' },
  { backend: 'kurtosis', name: 'fees-devnet-2' },
  { backend: 'embedded', name: 'local' },
  { backend: 'testcontainers', name: 'tc-devnet' },
] as const
const branches = ['main', 'main', 'main', 'main', 'feature/interop-v2', 'release/rc'] as const
const releaseCount = 10
const runSpacingMs = 30 * 60_000
/** A branch gets a new commit every this many of its runs: flakes show within one commit. */
const runsPerCommit = 6

/**
 * Fills a store with realistic history, deterministically: runs every 30
 * minutes on three gates (alphanet on most runs, betanet on release
 * candidates, testnet now and then), four devnets, ten releases, a few
 * branches with a new commit every few runs; a fixed set of tests, most
 * stable, about 2% flaky (fail a third of the time whatever the commit),
 * about 1% broken for a stretch of releases; verdicts judged from the
 * failures' severities, stricter on later gates. Used by the history
 * benchmark and the dashboard's load benchmark.
 */
export async function seedHistory(
  store: HistoryStore,
  options: SeedOptions = {},
): Promise<SeedReport> {
  const runs = options.runs ?? 1000
  const testsPerRun = options.testsPerRun ?? 500
  const firstRunMs = Date.parse(options.firstRunAt ?? '2026-10-01T00:00:00.000Z')
  const concurrency = options.concurrency ?? 4
  const random = seededRandom(options.seed ?? 1)
  const pool = testPool(testsPerRun, random)
  const runIds: string[] = []
  const started = performance.now()
  const inFlight = new Set<Promise<unknown>>()
  for (let index = 0; index < runs; index++) {
    const branch = branches[index % branches.length] ?? 'main'
    const release = `rc-${1 + Math.floor((index * releaseCount) / runs)}`
    const devnet = devnets[Math.floor(random() * devnets.length)] ?? devnets[0]
    const commit = createHash('sha1')
      .update(`${branch}:${Math.floor(index / (branches.length * runsPerCommit))}`)
      .digest('hex')
    const tests: TestFixture[] = pool.map((test) => ({
      ...test.fixture,
      status: statusOf(test.kind, index / runs, random),
      durationMs: Math.round(test.fixture.durationMs ?? 1000) * (0.8 + random() * 0.4),
    }))
    const counts = failureCounts(tests)
    const gates = gatesOf(index, random).map((gate) => ({ gate, decision: decide(gate, counts) }))
    const id = `seed-${String(index).padStart(5, '0')}`
    runIds.push(id)
    const save = store.saveRun(
      fixtureRun({
        id,
        startedAt: new Date(firstRunMs + index * runSpacingMs).toISOString(),
        durationMs: 20 * 60_000 + Math.round(random() * 20 * 60_000),
        gates,
        devnet,
        gitCommit: commit,
        tests,
      }),
      { source: index % 3 === 0 ? 'local' : 'push', release, branch },
    )
    inFlight.add(save)
    void save.finally(() => inFlight.delete(save)).catch(() => undefined)
    if (inFlight.size >= concurrency) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
  return {
    runIds,
    gates: [...seedGates],
    devnets: devnets.map((devnet) => devnet.name),
    releases: Array.from({ length: releaseCount }, (_, index) => `rc-${index + 1}`),
    branches: [...new Set(branches)],
    flakyTestIds: pool.filter((test) => test.kind === 'flaky').map((test) => test.id),
    elapsedMs: performance.now() - started,
  }
}

type TestKind = 'stable' | 'flaky' | 'broken'

interface PooledTest {
  id: string
  kind: TestKind
  fixture: Omit<TestFixture, 'status'> & { durationMs: number }
}

const severities: readonly Severity[] = ['SEV0', 'SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3']

function testPool(count: number, random: () => number): PooledTest[] {
  return Array.from({ length: count }, (_, index) => {
    const feature = features[index % features.length] ?? 'bridge'
    const roll = random()
    const kind: TestKind = roll < 0.02 ? 'flaky' : roll < 0.03 ? 'broken' : 'stable'
    const fixture = {
      name: `${feature} case ${index}: ${['deposit', 'withdrawal', 'fee', 'message', 'block'][index % 5]} ${Math.floor(index / features.length)}`,
      feature,
      owner: `${feature}-team`,
      severity: severities[Math.floor(random() * severities.length)] ?? 'SEV3',
      durationMs: Math.round(200 + random() * 30_000),
    }
    return { id: fixtureTestId(fixture), kind, fixture }
  })
}

/** `progress`: how far through the history (0 to 1) the run is. */
function statusOf(kind: TestKind, progress: number, random: () => number): TestStatus {
  const roll = random()
  if (kind === 'flaky') return roll < 0.33 ? (roll < 0.25 ? 'failed' : 'timedOut') : 'passed'
  // Broken for the middle stretch of releases, then fixed.
  if (kind === 'broken' && progress > 0.3 && progress < 0.6) return 'failed'
  if (roll < 0.003) return 'errored'
  return roll < 0.02 ? 'skipped' : 'passed'
}

function failureCounts(tests: readonly TestFixture[]): SeverityCounts {
  const counts: SeverityCounts = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }
  for (const test of tests) {
    if (test.status === 'failed' || test.status === 'errored' || test.status === 'timedOut') {
      counts[test.severity ?? 'SEV2']++
    }
  }
  return counts
}

/** Alphanet on most runs; betanet on every third; testnet on every tenth. */
function gatesOf(index: number, random: () => number): string[] {
  const gates: string[] = []
  if (index % 10 !== 9 || random() < 0.5) gates.push('alphanet')
  if (index % 3 === 0) gates.push('betanet')
  if (index % 10 === 0) gates.push('testnet')
  return gates.length > 0 ? gates : ['alphanet']
}

/** Later gates are stricter: alphanet blocks on SEV0/SEV1, betanet also on many SEV2, testnet on any SEV2. */
function decide(gate: string, counts: SeverityCounts): Decision {
  const blockers = counts.SEV0 + counts.SEV1
  if (blockers > 0) return 'block'
  if (gate === 'betanet' && counts.SEV2 > 3) return 'block'
  if (gate === 'testnet' && counts.SEV2 > 0) return 'block'
  return 'promote'
}
