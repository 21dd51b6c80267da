import { describe, expect, test } from 'vitest'
import { Results, type TestResult, type TestStatus } from '../../core/index.js'
import { judge, resolveGate } from '../../gates/index.js'
import {
  featuresOf,
  findInteractions,
  gatesForFeature,
  isolatedFeatureOf,
  isolationFailure,
  withIsolation,
} from './Interactions.js'

function testResult(feature: string, name: string, status: TestStatus): TestResult {
  const file = `${feature}/${feature}.accept.ts`
  return {
    id: `${file} > ${feature} > ${name}`,
    file,
    name,
    feature,
    status,
    durationMs: 10,
    attempts: 1,
    flaky: false,
    quarantined: false,
    annotations: [],
    ...(status === 'passed' ? {} : { error: { message: `expected 0n, got 7n (${name})` } }),
  }
}

const pr = resolveGate({ version: 1, gates: { pr: { description: 'every test' } } }, 'pr')
const gates = [pr]

/** Results as a run returns them: judged by the pr gate. */
function resultsOf(id: string, tests: TestResult[], complete = true): Results {
  const run = {
    id,
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: '2026-11-20T10:01:00.000Z',
    gates: ['pr'],
    devnet: { backend: 'embedded', name: 'embedded', chains: [] },
    suitesRoot: '/suites',
    complete,
    ...(complete ? {} : { error: 'the devnet did not start' }),
  }
  const judgement = judge({ results: { tests, health: [], run }, gates, now: '2026-11-20' })
  return Results.parse({
    schemaVersion: 1,
    run,
    tests: judgement.tests,
    health: [],
    verdicts: judgement.verdicts,
  })
}

const registryClaims = testResult('registry', 'claims the slot', 'passed')
const oracleClaims = testResult('oracle', 'claims the slot', 'passed')
const oracleReads = testResult('oracle', 'reads the price', 'passed')
const alone = [
  { feature: 'registry', results: resultsOf('alone-registry', [registryClaims]) },
  { feature: 'oracle', results: resultsOf('alone-oracle', [oracleClaims, oracleReads]) },
]

describe('findInteractions', () => {
  test('a test that passed alone and failed together is an interaction naming both features', () => {
    const together = resultsOf('together', [
      registryClaims,
      { ...oracleClaims, status: 'failed', error: { message: 'slot taken' } },
      oracleReads,
    ])
    expect(findInteractions(alone, together)).toEqual([
      {
        testId: oracleClaims.id,
        feature: 'oracle',
        features: ['oracle', 'registry'],
        alone: 'passed',
        together: 'failed',
      },
    ])
  })

  test('a test that failed alone too is no interaction: it breaks on its own', () => {
    const failingAlone = [
      alone[0],
      {
        feature: 'oracle',
        results: resultsOf('alone-oracle', [{ ...oracleClaims, status: 'failed' }, oracleReads]),
      },
    ].filter((entry) => entry !== undefined)
    const together = resultsOf('together', [
      registryClaims,
      { ...oracleClaims, status: 'failed' },
      oracleReads,
    ])
    expect(findInteractions(failingAlone, together)).toEqual([])
  })

  test('errored and timed out together count; skipped and harness problems do not', () => {
    const together = resultsOf('together', [
      { ...registryClaims, status: 'timedOut' },
      { ...oracleClaims, status: 'errored', harnessProblem: true },
      { ...oracleReads, status: 'skipped' },
    ])
    expect(
      findInteractions(alone, together).map((entry) => [entry.testId, entry.together]),
    ).toEqual([[registryClaims.id, 'timedOut']])
  })
})

describe('withIsolation', () => {
  test('marks the interaction finding in every verdict, keeps its severity, records the isolation', () => {
    const together = resultsOf('together', [
      registryClaims,
      { ...oracleClaims, status: 'failed', error: { message: 'slot taken' } },
      oracleReads,
    ])
    const isolation = {
      features: alone.map(({ feature, results }) => isolatedFeatureOf(feature, results)),
      interactions: findInteractions(alone, together),
    }
    const marked = Results.parse(withIsolation(together, isolation))
    expect(marked.run.isolation).toEqual(isolation)
    const [before] = together.verdicts[0]?.findings ?? []
    const [finding] = marked.verdicts[0]?.findings ?? []
    expect(finding?.interaction).toEqual({
      features: ['oracle', 'registry'],
      isolatedRunId: 'alone-oracle',
    })
    expect(finding?.title).toBe(`passes alone, fails with registry on one devnet: ${before?.title}`)
    // Unknown failures are SEV1 by default: the interaction does not make it any milder.
    expect(finding?.severity).toBe(before?.severity)
    expect(finding?.severity).toBe('SEV1')
    expect(marked.verdicts[0]?.decision).toBe('block')
  })
})

describe('the features of a selection', () => {
  test('in the order their tests come, once each', () => {
    expect(featuresOf([registryClaims, oracleClaims, oracleReads, registryClaims])).toEqual([
      'registry',
      'oracle',
    ])
  })

  test("one feature's gates exclude every other feature and keep the gate's own exclusions", () => {
    const [gate] = gatesForFeature(
      [{ ...pr, exclude: { features: ['load'], tests: ['x/**'] } }],
      'oracle',
      ['registry', 'oracle', 'fees'],
    )
    expect(gate?.exclude).toEqual({ features: ['load', 'registry', 'fees'], tests: ['x/**'] })
    expect(gate?.name).toBe('pr')
  })
})

describe('isolationFailure', () => {
  test('names each feature whose run alone did not complete, and why', () => {
    const features = [
      isolatedFeatureOf('registry', resultsOf('a', [registryClaims])),
      isolatedFeatureOf('oracle', resultsOf('b', [], false)),
    ]
    expect(isolationFailure(features)).toMatchInlineSnapshot(`
      "the run of "oracle" on a devnet of its own could not complete, so what breaks only in combination is unknown:
      oracle: the devnet did not start"
    `)
    expect(isolationFailure(features.slice(0, 1))).toBeUndefined()
  })

  test('a run alone on a devnet that failed its health checks ran no test: not complete', () => {
    const sick = {
      ...resultsOf('c', []),
      health: [
        {
          check: 'head-advancing',
          chain: 'l2',
          node: 'l2-anvil',
          ok: false,
          detail: 'head stayed at 3 for 1500 ms',
        },
      ],
    }
    const feature = isolatedFeatureOf('oracle', sick)
    expect(feature.complete).toBe(false)
    expect(isolationFailure([feature])).toContain(
      'oracle: its devnet failed health checks, so its tests did not run: head-advancing on l2 (l2-anvil): head stayed at 3 for 1500 ms',
    )
  })
})
