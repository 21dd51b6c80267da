import type {
  Finding,
  Interaction,
  IsolatedFeature,
  Isolation,
  Results,
  TestResult,
} from '../../core/index.js'
import { isFindingStatus, type ResolvedGate } from '../../gates/index.js'

/**
 * "Test in isolation, ship as a set", pure: which features a selection
 * holds, the gates of one feature's run alone, and the tests that passed
 * alone and failed together — the interactions — marked on the findings of
 * the run of every feature together.
 */

/** The features of the selected tests, in the order their tests come. */
export function featuresOf(tests: readonly Pick<TestResult, 'feature'>[]): string[] {
  return [...new Set(tests.map((test) => test.feature))]
}

/**
 * The gates of a run of `feature` alone: each gate as it is, with every other
 * feature excluded, so the run selects only this feature's tests that the
 * gates select.
 */
export function gatesForFeature(
  gates: readonly ResolvedGate[],
  feature: string,
  features: readonly string[],
): ResolvedGate[] {
  const others = features.filter((other) => other !== feature)
  return gates.map((gate) => ({
    ...gate,
    exclude: { ...gate.exclude, features: [...gate.exclude.features, ...others] },
  }))
}

/**
 * How a feature's run alone went, for `run.isolation.features`. It is
 * complete only when it ran to the end on a devnet that passed its health
 * checks: on a sick devnet the suites do not run, and a test that never ran
 * alone cannot show an interaction.
 */
export function isolatedFeatureOf(feature: string, results: Results): IsolatedFeature {
  const count = (pick: (test: TestResult) => boolean) => results.tests.filter(pick).length
  const sick = results.health.filter((check) => !check.ok)
  const healthError =
    sick.length > 0
      ? `its devnet failed health checks, so its tests did not run: ${sick.map((check) => `${check.check} on ${check.chain}${check.node ? ` (${check.node})` : ''}: ${check.detail}`).join('; ')}`
      : undefined
  const error = results.run.error ?? healthError
  return {
    feature,
    runId: results.run.id,
    passed: count((test) => test.status === 'passed'),
    failed: count((test) => isFindingStatus(test.status)),
    skipped: count((test) => test.status === 'skipped'),
    complete: results.run.complete && sick.length === 0,
    ...(error ? { error } : {}),
  }
}

/**
 * Tests that passed on their feature's own devnet and failed, errored or
 * timed out with every feature on one devnet. A test signalbox could not
 * provision (a harness problem) tested nothing and is no interaction. The
 * features named are the test's own, then every other feature of the set
 * (those that shared the devnet), in the set's order.
 */
export function findInteractions(
  alone: ReadonlyArray<{ feature: string; results: Results }>,
  together: Results,
): Interaction[] {
  const features = alone.map((entry) => entry.feature)
  const aloneById = new Map(
    alone.flatMap((entry) => entry.results.tests.map((test) => [test.id, test] as const)),
  )
  return together.tests.flatMap((test) => {
    if (!isFindingStatus(test.status) || test.harnessProblem) return []
    const before = aloneById.get(test.id)
    if (before?.status !== 'passed') return []
    return [
      {
        testId: test.id,
        feature: test.feature,
        features: [test.feature, ...features.filter((feature) => feature !== test.feature)],
        alone: before.status,
        together: test.status,
      },
    ]
  })
}

/**
 * Why the isolation could not be judged: a feature's run alone that did not
 * complete leaves its tests' interactions unknown. Undefined when every one
 * completed.
 */
export function isolationFailure(features: readonly IsolatedFeature[]): string | undefined {
  const broken = features.filter((feature) => !feature.complete)
  if (broken.length === 0) return undefined
  return [
    `the run${broken.length === 1 ? '' : 's'} of ${broken.map((entry) => `"${entry.feature}"`).join(', ')} on a devnet of ${broken.length === 1 ? 'its' : 'their'} own could not complete, so what breaks only in combination is unknown:`,
    ...broken.map((entry) => `${entry.feature}: ${entry.error ?? 'incomplete'}`),
  ].join('\n')
}

/**
 * The results of the run of every feature together with `isolation` recorded
 * in `run`, and each finding of an interaction marked as one: `interaction`
 * names the features that shared the devnet, and the title says it passed
 * alone, so every report shows it. Its severity stays the failure's as the
 * gates classified it: features ship as a set, so the failure together is
 * what mainnet would see.
 */
export function withIsolation(results: Results, isolation: Isolation): Results {
  const byTest = new Map(isolation.interactions.map((entry) => [entry.testId, entry]))
  const runIds = new Map(isolation.features.map((entry) => [entry.feature, entry.runId]))
  const mark = (finding: Finding): Finding => {
    const interaction = finding.source === 'test' ? byTest.get(finding.id) : undefined
    if (!interaction) return finding
    return {
      ...finding,
      title: `${interactionText(interaction)}: ${finding.title}`,
      interaction: {
        features: interaction.features,
        isolatedRunId: runIds.get(interaction.feature) ?? '',
      },
    }
  }
  return {
    ...results,
    run: { ...results.run, isolation },
    verdicts: results.verdicts.map((verdict) => ({
      ...verdict,
      findings: verdict.findings.map(mark),
    })),
  }
}

/** An interaction as a person reads it: `passes alone, fails with fees, load on one devnet`. */
export function interactionText(interaction: Pick<Interaction, 'features'>): string {
  return `passes alone, fails with ${interaction.features.slice(1).join(', ')} on one devnet`
}
