import { availableParallelism } from 'node:os'
import { type Isolation, Results, type RunListener, UsageError } from '../../core/index.js'
import { judge } from '../../gates/index.js'
import {
  featuresOf,
  findInteractions,
  gatesForFeature,
  isolatedFeatureOf,
  isolationFailure,
  withIsolation,
} from './Interactions.js'
import { planRun } from './Plan.js'
import { type RunOptions, type RunOutcome, run } from './Run.js'

export interface IsolateOptions extends Omit<RunOptions, 'onEvent' | 'shard' | 'repeat'> {
  /**
   * Features run alone at once, each on a devnet of its own. Default: one per
   * two CPUs (`os.availableParallelism()`), at least one: a devnet is two
   * anvil nodes and a pool of test workers, and a starved node misses its
   * block time, which the health checks rightly call a sick devnet.
   */
  concurrency?: number
  /** Hears the events of the run of every feature together. Default: none. */
  onEvent?: RunListener
  /** Told when a feature's run alone has started and ended. Default: none. */
  onFeature?: (feature: string, outcome: RunOutcome | undefined) => void
}

export interface IsolateOutcome {
  /** Each selected feature's run alone, in the selection's order; those an interrupt kept from starting are missing. */
  alone: Array<{ feature: string; outcome: RunOutcome }>
  /**
   * The run of every feature together on one devnet, with `run.isolation`
   * and the interactions marked on its findings, judged again where a run
   * alone did not complete; undefined when an interrupt came first.
   */
  together: RunOutcome | undefined
}

/**
 * `signalbox run --isolate`: runs each selected feature on a devnet of its own
 * (as many at once as `concurrency`, the test workers shared among them),
 * then every feature together on one devnet, and reports each test that
 * passed alone and failed together as an interaction (see `withIsolation`).
 * Needs a devnet backend that starts a new devnet on each start (embedded).
 * A feature's run that could not complete makes the run together an error:
 * what breaks only in combination is then unknown, and no such fault may
 * promote. Every devnet is stopped by its run, on an interrupt too.
 */
export async function runIsolated(options: IsolateOptions): Promise<IsolateOutcome> {
  const { concurrency: asked, onEvent, onFeature, ...runOptions } = options
  const plan = await planRun(options)
  const selected = plan.gates.flatMap((gate) => gate.selected)
  const features = featuresOf(selected.filter((test) => plan.toRun.includes(test.id)))
  if (features.length < 2) {
    throw new UsageError(
      `--isolate needs tests of two features or more; the gates select ${features.length === 0 ? 'none' : `only "${features[0]}"`}`,
      { hint: 'Run without --isolate, or choose gates that select more features.' },
    )
  }
  const concurrency = Math.max(
    1,
    Math.min(features.length, asked ?? Math.floor(availableParallelism() / 2)),
  )
  // The runs alone share the test workers one run would have.
  const maxWorkers = Math.max(1, Math.floor((options.maxWorkers ?? 4) / concurrency))

  const alone: Array<{ feature: string; outcome: RunOutcome }> = []
  const queue = [...features]
  const worker = async () => {
    for (let feature = queue.shift(); feature !== undefined; feature = queue.shift()) {
      if (options.signal?.aborted) return
      onFeature?.(feature, undefined)
      const outcome = await run({
        ...runOptions,
        maxWorkers,
        gates: gatesForFeature(options.gates, feature, features),
      })
      alone.push({ feature, outcome })
      onFeature?.(feature, outcome)
    }
  }
  // Settled, not raced: a worker that throws leaves the others to stop their devnets first.
  const settled = await Promise.allSettled(Array.from({ length: concurrency }, worker))
  for (const result of settled) if (result.status === 'rejected') throw result.reason
  alone.sort((a, b) => features.indexOf(a.feature) - features.indexOf(b.feature))
  if (options.signal?.aborted) return { alone, together: undefined }

  const together = await run({ ...runOptions, ...(onEvent ? { onEvent } : {}) })
  const isolation: Isolation = {
    features: alone.map(({ feature, outcome }) => isolatedFeatureOf(feature, outcome.results)),
    interactions: findInteractions(
      alone.map(({ feature, outcome }) => ({ feature, results: outcome.results })),
      together.results,
    ),
  }
  return { alone, together: judgeTogether(together, isolation, options) }
}

/**
 * The run together with its isolation recorded. Where a run alone did not
 * complete, the run together is incomplete too and judged again: its
 * verdict is then `error`, whatever the tests together did.
 */
function judgeTogether(
  together: RunOutcome,
  isolation: Isolation,
  options: IsolateOptions,
): RunOutcome {
  const failure = isolationFailure(isolation.features)
  if (!failure) {
    return { ...together, results: Results.parse(withIsolation(together.results, isolation)) }
  }
  const { results } = together
  const run = {
    ...results.run,
    complete: false,
    error: [results.run.error, failure].filter(Boolean).join('\n\n'),
  }
  const judgement = judge({
    results: { tests: results.tests, health: results.health, run },
    gates: options.gates,
    readiness: options.readiness,
    now: new Date(results.run.startedAt),
  })
  const judged = Results.parse({
    ...results,
    run,
    tests: judgement.tests,
    verdicts: judgement.verdicts,
  })
  return { results: Results.parse(withIsolation(judged, isolation)), exitCode: judgement.exitCode }
}
