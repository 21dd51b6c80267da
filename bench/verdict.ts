// How long the one judge takes to decide a large run: 10,000 synthetic test
// results against every shipped gate (quarantine, then per gate selection,
// classification with every severity rule and triage override, mitigations,
// verdict), as run, verdict and report do.
// Run: npx tsx bench/verdict.ts. Target: median under 100 ms.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { parse } from 'yaml'
import type { HealthCheck, Severity, TestResult, TestStatus } from '../core/index.js'
import { judge, parseGatesFile, parseReadinessFile, resolveGate } from '../gates/index.js'
import { reportFigures } from './figures.js'
import { median } from './stats.js'

const testCount = 10_000
const iterations = 30
const targetMs = 100

// A fixed-seed generator, so every run of the benchmark judges the same data.
function createRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

function pick<T>(random: () => number, choices: readonly T[]): T {
  const choice = choices[Math.floor(random() * choices.length)]
  if (choice === undefined) throw new Error('pick from an empty list')
  return choice
}

function statusFor(roll: number): TestStatus {
  if (roll < 0.85) return 'passed'
  if (roll < 0.9) return 'failed'
  if (roll < 0.93) return 'errored'
  if (roll < 0.95) return 'timedOut'
  return 'skipped'
}

function syntheticTests(count: number): TestResult[] {
  const random = createRandom(42)
  const features = ['base', 'deposits', 'withdrawals', 'fees', 'sequencer', 'interop'] as const
  const declared: readonly (Severity | 'undeclared')[] = [
    'SEV0',
    'SEV1',
    'SEV2',
    'SEV3',
    'undeclared',
  ]
  return Array.from({ length: count }, (_, index) => {
    const feature = pick(random, features)
    const file = `${feature}/suite${index % 40}.accept.ts`
    const name = `case ${index}`
    const status = statusFor(random())
    const severity = pick(random, declared)
    return {
      id: `${file} > group ${index % 7} > ${name}`,
      file,
      name,
      feature,
      status,
      durationMs: 10,
      attempts: 1,
      flaky: false,
      quarantined: random() < 0.01,
      annotations: [],
      ...(severity !== 'undeclared' && { severity }),
      ...(status !== 'passed' &&
        status !== 'skipped' && {
          error: { message: random() < 0.1 ? 'fetch failed: ECONNREFUSED' : 'expected 1 to be 2' },
        }),
    }
  })
}

const gatesFile = parseGatesFile(
  parse(readFileSync(new URL('../gates/gates.yaml', import.meta.url), 'utf8')),
  'gates/gates.yaml',
)
const gates = ['pr', 'alphanet', 'betanet', 'testnet'].map((name) => resolveGate(gatesFile, name))
const tests = syntheticTests(testCount)
const health: HealthCheck[] = [
  { check: 'rpc-reachable', chain: 'l1', ok: true, detail: 'ok' },
  { check: 'head-advancing', chain: 'l2', ok: true, detail: 'ok' },
]
const readiness = parseReadinessFile(
  {
    version: 1,
    release: 'bench',
    checklist: [...new Set(gates.flatMap((gate) => gate.policy.requiredChecklist))].map((id) => ({
      id,
      title: id,
      done: true,
    })),
    triage: [
      { test: 'fees/suite1.accept.ts > **', severity: 'SEV3', reason: 'bench', by: 'bench' },
      { test: '** > group 3 > case 1*', severity: 'SEV2', reason: 'bench', by: 'bench' },
    ],
    mitigations: tests
      .filter((_, index) => index % 50 === 0)
      .map((test, index) => ({
        finding: test.id,
        plan: 'bench',
        owner: 'bench',
        expires: index % 2 === 0 ? '2030-01-01' : '2020-01-01',
      })),
    quarantine: [
      { test: 'interop/suite3.accept.ts', reason: 'bench', by: 'bench' },
      { test: '** > group 5 > case 2*', reason: 'bench', by: 'bench', until: '2030-01-01' },
    ],
  },
  'bench-readiness.yaml',
)

const input = {
  results: { tests, health, run: { complete: true } },
  gates,
  readiness,
  now: '2025-06-15',
}

function judgeOnce(): number {
  const started = performance.now()
  judge(input)
  return performance.now() - started
}

// One untimed pass lets the JIT compile before we measure.
judgeOnce()
const timings = Array.from({ length: iterations }, judgeOnce)
const { verdicts } = judge(input)
const result = median(timings)

console.log(
  `judge: ${testCount} tests, ${gates.length} gates, ${verdicts.map((verdict) => `${verdict.gate} ${verdict.decision} (${verdict.findings.length} findings)`).join(', ')}`,
)
console.log(
  `median ${result.toFixed(1)} ms over ${iterations} runs (min ${Math.min(...timings).toFixed(1)}, max ${Math.max(...timings).toFixed(1)}); target < ${targetMs} ms`,
)
reportFigures('verdict', [
  {
    name: `judge ${testCount.toLocaleString('en')} tests × ${gates.length} gates`,
    value: result,
    unit: 'ms',
    target: { max: targetMs },
    method: `median of ${iterations}`,
  },
])
if (result >= targetMs) process.exitCode = 1
