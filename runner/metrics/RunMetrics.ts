import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { type Decision, type Results, Severity, TestStatus } from '../../core/index.js'

/** Decisions, each a series of `signalbox_gate_verdict`: 1 for the gate's last decision, 0 for the others. */
const decisions: readonly Decision[] = ['promote', 'block', 'error']

/** Buckets of `signalbox_test_duration_seconds`: acceptance tests wait on blocks, so up to minutes. */
const durationBucketsSeconds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

/**
 * The Prometheus metrics of a continuous run (`signalbox run --every`), in a
 * registry of their own (no process metrics: the scrape is about the devnet
 * under test). Fed with each iteration's redacted results, so no label can
 * carry a secret; error text is never a label.
 */
export class RunMetrics {
  readonly #registry = new Registry()
  readonly #runs: Counter<'outcome'>
  readonly #iterationFailures: Counter
  readonly #tests: Counter<'status'>
  readonly #lastRunTests: Gauge<'status'>
  readonly #testDuration: Histogram
  readonly #lastTestDuration: Gauge<'test' | 'feature'>
  readonly #verdict: Gauge<'gate' | 'decision'>
  readonly #openFindings: Gauge<'gate' | 'severity'>
  readonly #healthCheck: Gauge<'chain' | 'check' | 'node'>
  readonly #devnetHealthy: Gauge
  readonly #lastRunFinished: Gauge
  readonly #lastRunDuration: Gauge

  constructor() {
    const registers = [this.#registry]
    this.#runs = new Counter({
      name: 'signalbox_runs_total',
      help: 'Runs of the continuous loop by outcome: promote, block, or error (a run that could not decide, or an iteration that broke off)',
      labelNames: ['outcome'],
      registers,
    })
    this.#iterationFailures = new Counter({
      name: 'signalbox_iteration_failures_total',
      help: 'Iterations that broke off without results (also counted in signalbox_runs_total{outcome="error"})',
      registers,
    })
    this.#tests = new Counter({
      name: 'signalbox_tests_total',
      help: 'Test results over every run, by status',
      labelNames: ['status'],
      registers,
    })
    this.#lastRunTests = new Gauge({
      name: 'signalbox_last_run_tests',
      help: 'Tests of the last run, by status',
      labelNames: ['status'],
      registers,
    })
    this.#testDuration = new Histogram({
      name: 'signalbox_test_duration_seconds',
      // One histogram over every test (per test and feature: the gauge below). A labelled
      // histogram is valid Prometheus text, but common parsers (parse-prometheus-text-format,
      // issue #13) fold its series into one; a single one reads the same everywhere.
      help: 'How long each test took, over every run (skipped tests left out)',
      buckets: durationBucketsSeconds,
      registers,
    })
    this.#lastTestDuration = new Gauge({
      name: 'signalbox_last_run_test_duration_seconds',
      help: 'How long each test of the last run took',
      labelNames: ['test', 'feature'],
      registers,
    })
    this.#verdict = new Gauge({
      name: 'signalbox_gate_verdict',
      help: "Each gate's last decision: 1 for the decision it came to, 0 for the others",
      labelNames: ['gate', 'decision'],
      registers,
    })
    this.#openFindings = new Gauge({
      name: 'signalbox_open_findings',
      help: "Findings each gate counted in the last run, by severity (mitigated and excluded ones left out, as the gate's policy says)",
      labelNames: ['gate', 'severity'],
      registers,
    })
    this.#healthCheck = new Gauge({
      name: 'signalbox_health_check_ok',
      help: 'Health checks of the last run (before and during the tests): 1 passed, 0 failed',
      labelNames: ['chain', 'check', 'node'],
      registers,
    })
    this.#devnetHealthy = new Gauge({
      name: 'signalbox_devnet_healthy',
      help: 'Whether every health check of the last run passed (1) or not (0)',
      registers,
    })
    this.#lastRunFinished = new Gauge({
      name: 'signalbox_last_run_finished_timestamp_seconds',
      help: 'When the last run finished (Unix time)',
      registers,
    })
    this.#lastRunDuration = new Gauge({
      name: 'signalbox_last_run_duration_seconds',
      help: 'How long the last run took, devnet checks included',
      registers,
    })
    // Every outcome and status is a series from the start, so rates work from the first scrape.
    for (const outcome of decisions) this.#runs.inc({ outcome }, 0)
    for (const status of TestStatus.options) {
      this.#tests.inc({ status }, 0)
      this.#lastRunTests.set({ status }, 0)
    }
  }

  /** Records one run's results (redacted, as `run()` returns them). */
  recordRun(results: Results): void {
    this.#runs.inc({ outcome: outcomeOf(results) })
    this.#lastRunTests.reset()
    for (const status of TestStatus.options) {
      const count = results.tests.filter((test) => test.status === status).length
      this.#tests.inc({ status }, count)
      this.#lastRunTests.set({ status }, count)
    }
    this.#lastTestDuration.reset()
    for (const test of results.tests) {
      if (test.status === 'skipped') continue
      const seconds = test.durationMs / 1_000
      this.#testDuration.observe(seconds)
      this.#lastTestDuration.set({ test: test.id, feature: test.feature }, seconds)
    }
    for (const verdict of results.verdicts) {
      for (const decision of decisions) {
        this.#verdict.set({ gate: verdict.gate, decision }, verdict.decision === decision ? 1 : 0)
      }
      for (const severity of Severity.options) {
        this.#openFindings.set({ gate: verdict.gate, severity }, verdict.counts[severity])
      }
    }
    this.#healthCheck.reset()
    for (const check of results.health) {
      this.#healthCheck.set(
        { chain: check.chain, check: check.check, node: check.node ?? '' },
        check.ok ? 1 : 0,
      )
    }
    // No health checks at all (the devnet never answered) is not healthy.
    const healthy = results.health.length > 0 && results.health.every((check) => check.ok)
    this.#devnetHealthy.set(healthy ? 1 : 0)
    const startedAt = Date.parse(results.run.startedAt)
    const finishedAt = Date.parse(results.run.finishedAt)
    this.#lastRunFinished.set(finishedAt / 1_000)
    this.#lastRunDuration.set(Math.max(0, finishedAt - startedAt) / 1_000)
  }

  /** Records an iteration that broke off without results: a run with the outcome `error`. */
  recordIterationFailure(): void {
    this.#runs.inc({ outcome: 'error' })
    this.#iterationFailures.inc()
  }

  /** The metrics in the Prometheus text exposition format. */
  text(): Promise<string> {
    return this.#registry.metrics()
  }

  /** The Content-Type of `text()`. */
  get contentType(): string {
    return this.#registry.contentType
  }
}

/** A run's outcome: `error` when any gate could not decide, else `block` when any gate blocks, else `promote`. */
function outcomeOf(results: Results): Decision {
  const made = results.verdicts.map((verdict) => verdict.decision)
  if (made.length === 0 || made.includes('error')) return 'error'
  return made.includes('block') ? 'block' : 'promote'
}
