import {
  type Decision,
  type Finding,
  type Results,
  type Severity,
  type SeverityCounts,
  type TestResult,
  type TestStatus,
  testIdOf,
} from '../../../core/index.js'
import { fixtureFeatures } from '../../../test/fixtures/reports.js'

/**
 * Results to store, for the history store's tests, its crash test and the
 * benchmarks: a run is described by what history cares about (id, start,
 * gates, devnet, commit, each test's status) and comes out as valid results,
 * with findings and verdicts derived the way the judge would.
 */

/** One test of a fixture run. */
export interface TestFixture {
  /** The test's name; its id is `<feature>/<feature>.accept.ts > <feature> > <name>`. */
  name: string
  status: TestStatus
  /** Default: `bridge`. */
  feature?: string
  /** Default: `<feature>-team`. */
  owner?: string
  /** Default: SEV2. */
  severity?: Severity
  /** Default: 1000. */
  durationMs?: number
}

/** A fixture run. */
export interface RunFixture {
  id: string
  /** ISO time. */
  startedAt: string
  /** Default: 60 s. */
  durationMs?: number
  /** Gates judged, each with its decision. Default: the decision the findings call for, on `alphanet`. */
  gates?: ReadonlyArray<string | { gate: string; decision: Decision }>
  /** Default: `{ backend: 'embedded', name: 'local' }`. */
  devnet?: { backend: string; name: string }
  /** Default: none. */
  gitCommit?: string
  /** Default: one passing test. */
  tests?: readonly TestFixture[]
}

/** The id a fixture test gets. */
export function fixtureTestId(test: Pick<TestFixture, 'name' | 'feature'>): string {
  const feature = test.feature ?? 'bridge'
  return testIdOf(`${feature}/${feature}.accept.ts`, [feature], test.name)
}

const failing: ReadonlySet<TestStatus> = new Set(['failed', 'errored', 'timedOut'])

/** Valid results of a fixture run. */
export function fixtureRun(fixture: RunFixture): Results {
  const tests = (fixture.tests ?? [{ name: 'works', status: 'passed' }]).map(testResultOf)
  const findings: Finding[] = tests
    .filter((test) => failing.has(test.status))
    .map((test) => ({
      id: test.id,
      severity: test.severity ?? 'SEV2',
      source: 'test',
      title: `${test.name}: ${test.status}`,
      classifiedBy: 'declared by test',
      ...(test.owner === undefined ? {} : { owner: test.owner }),
    }))
  const counts = countsOf(findings)
  const judged: Decision = counts.SEV0 + counts.SEV1 > 0 ? 'block' : 'promote'
  const gates = (fixture.gates ?? ['alphanet']).map((gate) =>
    typeof gate === 'string' ? { gate, decision: judged } : gate,
  )
  const start = Date.parse(fixture.startedAt)
  return {
    schemaVersion: 1,
    run: {
      id: fixture.id,
      startedAt: fixture.startedAt,
      finishedAt: new Date(start + (fixture.durationMs ?? 60_000)).toISOString(),
      gates: gates.map((gate) => gate.gate),
      devnet: {
        ...(fixture.devnet ?? { backend: 'embedded', name: 'local' }),
        chains: [{ name: 'l1', role: 'l1', chainId: 900 }],
      },
      suitesRoot: 'suites',
      ...(fixture.gitCommit === undefined ? {} : { gitCommit: fixture.gitCommit }),
      complete: true,
    },
    tests,
    health: [{ check: 'rpc-reachable', chain: 'l1', ok: true, detail: 'answered in 3 ms' }],
    verdicts: gates.map(({ gate, decision }) => ({
      gate,
      decision,
      reasons:
        decision === 'promote'
          ? []
          : [{ rule: 'open-sev0-sev1', message: 'blocking findings are open', refs: [] }],
      counts,
      findings,
    })),
  }
}

/**
 * `count` tests with realistic names, owners, durations and, for failures,
 * error messages with stacks; deterministic for a seed. `failRate` (default
 * 0.1) of them fail, a third of those by erroring or timing out; 3% skip.
 */
export function manyTests(
  count: number,
  options: { seed?: number; failRate?: number } = {},
): TestFixture[] {
  const random = seededRandom(options.seed ?? 1)
  const failRate = options.failRate ?? 0.1
  return Array.from({ length: count }, (_, index) => {
    const feature = features[index % features.length] ?? 'bridge'
    const roll = random()
    const status: TestStatus =
      roll < failRate * 0.66
        ? 'failed'
        : roll < failRate * 0.83
          ? 'errored'
          : roll < failRate
            ? 'timedOut'
            : roll < failRate + 0.03
              ? 'skipped'
              : 'passed'
    return {
      name: `case ${index} of area ${Math.floor(index / 50)}`,
      feature,
      status,
      severity: severitiesByWeight[Math.floor(random() * severitiesByWeight.length)] ?? 'SEV2',
      durationMs: Math.round(random() * 30_000),
    }
  })
}

/** Feature names the fixtures use: the report fixtures' own. */
export const features = fixtureFeatures

const severitiesByWeight: readonly Severity[] = ['SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3']

/** mulberry32: a small deterministic random source in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function testResultOf(test: TestFixture): TestResult {
  const feature = test.feature ?? 'bridge'
  const id = fixtureTestId(test)
  const result: TestResult = {
    id,
    file: `${feature}/${feature}.accept.ts`,
    name: test.name,
    feature,
    owner: test.owner ?? `${feature}-team`,
    severity: test.severity ?? 'SEV2',
    status: test.status,
    durationMs: test.durationMs ?? 1000,
    attempts: 1,
    flaky: false,
    quarantined: false,
    annotations: [],
  }
  if (failing.has(test.status)) {
    const message = `AssertionError: expected ${test.name} to hold on ${feature}`
    const frames = Array.from(
      { length: 10 },
      (_, frame) => `    at step${frame} (suites/kit/${feature}.ts:${frame * 7 + 3}:${frame + 5})`,
    )
    result.error = { message, stack: `${message}\n${frames.join('\n')}` }
  }
  if (test.status === 'skipped') result.skipReason = 'not supported on this devnet'
  return result
}

function countsOf(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }
  for (const finding of findings) counts[finding.severity]++
  return counts
}

/** A test id with everything that needs escaping somewhere: quotes, backslashes, braces, commas, newlines, non-ASCII. */
export const awkwardTestId =
  'edge/names.accept.ts > quoting > "NULL", {a,b} \\ back\\slash \'single\' \n newline — ünïcödé 🚀 <script>'

/**
 * A run with every optional field of the results filled in, and text that
 * needs escaping in SQL, JSON and array literals: for round trips.
 */
export function completeRun(id: string, startedAt = '2026-11-20T14:02:11.000Z'): Results {
  const results = fixtureRun({
    id,
    startedAt,
    durationMs: 747_412,
    gates: [
      { gate: 'alphanet', decision: 'promote' },
      { gate: 'betanet', decision: 'block' },
    ],
    devnet: { backend: 'kurtosis', name: 'interop-devnet-7' },
    gitCommit: '3c1f0e9b2a7d4c6e8f90a1b2c3d4e5f60718293a',
    tests: [
      { name: 'deposit is credited', status: 'passed', severity: 'SEV1', durationMs: 18_234.5 },
      { name: 'withdrawal finalizes', status: 'timedOut', severity: 'SEV2', durationMs: 120_000 },
      { name: 'fee rises', status: 'failed', feature: 'fees', severity: 'SEV3', durationMs: 42 },
      { name: 'trace', status: 'skipped', feature: 'rpc', durationMs: 0 },
      { name: 'supervisor', status: 'errored', feature: 'interop', owner: 'interop-team' },
    ],
  })
  const [first, second] = results.tests
  if (first) {
    first.line = 14
    first.flaky = true
    first.attempts = 2
    first.annotations = [{ type: 'relay-latency', message: 'p50 4.1s, p99 "timed out"' }]
  }
  if (second) second.quarantined = true
  results.tests.push({
    id: awkwardTestId,
    file: 'edge/names.accept.ts',
    name: '"NULL", {a,b} \\ back\\slash \'single\' \n newline — ünïcödé 🚀 <script>',
    feature: 'edge',
    status: 'failed',
    durationMs: 5,
    attempts: 1,
    flaky: false,
    quarantined: false,
    error: {
      message: '</script><img src=x onerror=alert(1)> \u0001\u001b[31m bad',
      stack: 'at "x" \\ y',
    },
    annotations: [],
  })
  results.run.devnet.chains.push({
    name: 'op-devnet-0',
    role: 'l2',
    chainId: 901,
    clientVersion: 'op-geth/v1.101411.2-stable/linux-amd64',
  })
  results.run.shard = { index: 2, count: 3 }
  results.run.error = 'the sequencer stopped after 1204 blocks'
  results.health.push({
    check: 'head-advancing',
    chain: 'op-devnet-0',
    node: 'op-geth-1',
    ok: false,
    detail: 'head stuck at block 1204 for 30 s',
  })
  const [alphanet] = results.verdicts
  const finding = alphanet?.findings[0]
  if (finding) {
    finding.mitigation = {
      plan: 'Shorten the finalization period on devnets',
      owner: 'bridge-team',
      expires: '2026-11-15',
      link: 'https://example.org/issues/4182',
    }
    finding.mitigationExpired = true
    finding.quarantined = true
    finding.link = 'https://example.org/finding'
  }
  return results
}
