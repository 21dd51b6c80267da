import { afterEach, describe, expect, test } from 'vitest'
import type { Results } from '../../core/index.js'
import { fixtureResults } from '../../test/fixtures/reports.js'
import { family, parseMetrics, samples, sampleValue, scrape } from '../../test/prometheus.js'
import { type MetricsServer, startMetricsServer } from './MetricsServer.js'
import { RunMetrics } from './RunMetrics.js'

const servers: MetricsServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function parsed(metrics: RunMetrics) {
  return parseMetrics(await metrics.text())
}

describe('RunMetrics', () => {
  test('before any run: every outcome and status is a series at 0', async () => {
    const families = await parsed(new RunMetrics())
    for (const outcome of ['promote', 'block', 'error']) {
      expect(sampleValue(families, 'signalbox_runs_total', { outcome })).toBe(0)
    }
    expect(sampleValue(families, 'signalbox_tests_total', { status: 'timedOut' })).toBe(0)
    expect(family(families, 'signalbox_runs_total').type).toBe('COUNTER')
  })

  test('a run: outcome, tests by status, verdicts, findings per severity, health and durations', async () => {
    const results = fixtureResults()
    const metrics = new RunMetrics()
    metrics.recordRun(results)
    const families = await parsed(metrics)

    // betanet blocks, so the run's outcome is block.
    expect(sampleValue(families, 'signalbox_runs_total', { outcome: 'block' })).toBe(1)
    expect(sampleValue(families, 'signalbox_runs_total', { outcome: 'promote' })).toBe(0)
    for (const status of ['passed', 'failed', 'skipped', 'errored', 'timedOut'] as const) {
      const count = results.tests.filter((entry) => entry.status === status).length
      expect(sampleValue(families, 'signalbox_tests_total', { status }), status).toBe(count)
      expect(sampleValue(families, 'signalbox_last_run_tests', { status }), status).toBe(count)
    }
    expect(
      sampleValue(families, 'signalbox_gate_verdict', { gate: 'alphanet', decision: 'promote' }),
    ).toBe(1)
    expect(
      sampleValue(families, 'signalbox_gate_verdict', { gate: 'betanet', decision: 'block' }),
    ).toBe(1)
    expect(
      sampleValue(families, 'signalbox_gate_verdict', { gate: 'betanet', decision: 'promote' }),
    ).toBe(0)
    for (const verdict of results.verdicts) {
      for (const severity of ['SEV0', 'SEV1', 'SEV2', 'SEV3'] as const) {
        expect(
          sampleValue(families, 'signalbox_open_findings', { gate: verdict.gate, severity }),
        ).toBe(verdict.counts[severity])
      }
    }
    // One check of the fixture fails: the devnet is not healthy, and the check says where.
    expect(sampleValue(families, 'signalbox_devnet_healthy')).toBe(0)
    expect(
      sampleValue(families, 'signalbox_health_check_ok', {
        chain: 'op-devnet-1',
        check: 'head-advancing',
        node: 'op-geth-1',
      }),
    ).toBe(0)
    expect(
      sampleValue(families, 'signalbox_health_check_ok', { chain: 'l1', check: 'chain-id' }),
    ).toBe(1)

    const timed = results.tests.filter((entry) => entry.status !== 'skipped')
    const [histogram] = samples(families, 'signalbox_test_duration_seconds')
    expect(Number(histogram?.count)).toBe(timed.length)
    const seconds = timed.reduce((sum, entry) => sum + entry.durationMs, 0) / 1_000
    expect(Number(histogram?.sum)).toBeCloseTo(seconds)
    expect(Number(histogram?.buckets?.['+Inf'])).toBe(timed.length)
    const [first] = timed
    if (!first) throw new Error('the fixture has no timed test')
    expect(
      sampleValue(families, 'signalbox_last_run_test_duration_seconds', { test: first.id }),
    ).toBeCloseTo(first.durationMs / 1_000)
    expect(sampleValue(families, 'signalbox_last_run_duration_seconds')).toBeCloseTo(
      (Date.parse(results.run.finishedAt) - Date.parse(results.run.startedAt)) / 1_000,
    )
  })

  test('the last run replaces the gauges; counters add up', async () => {
    const metrics = new RunMetrics()
    metrics.recordRun(fixtureResults())
    const healthy: Results = {
      ...fixtureResults(),
      tests: fixtureResults().tests.slice(0, 1),
      health: [{ check: 'rpc-reachable', chain: 'l1', ok: true, detail: 'answered' }],
      verdicts: fixtureResults().verdicts.map((verdict) => ({ ...verdict, decision: 'promote' })),
    }
    metrics.recordRun(healthy)
    const families = await parsed(metrics)
    expect(sampleValue(families, 'signalbox_runs_total', { outcome: 'promote' })).toBe(1)
    expect(sampleValue(families, 'signalbox_runs_total', { outcome: 'block' })).toBe(1)
    expect(sampleValue(families, 'signalbox_devnet_healthy')).toBe(1)
    // The failed check of the first run is gone from the gauge: only the last run's checks remain.
    expect(samples(families, 'signalbox_health_check_ok')).toHaveLength(1)
    expect(samples(families, 'signalbox_last_run_test_duration_seconds')).toHaveLength(1)
    expect(
      sampleValue(families, 'signalbox_gate_verdict', { gate: 'betanet', decision: 'block' }),
    ).toBe(0)
  })

  test('an iteration that broke off counts as an error run and a failure', async () => {
    const metrics = new RunMetrics()
    metrics.recordIterationFailure()
    const families = await parsed(metrics)
    expect(sampleValue(families, 'signalbox_runs_total', { outcome: 'error' })).toBe(1)
    expect(sampleValue(families, 'signalbox_iteration_failures_total')).toBe(1)
  })

  test('error text never becomes a label', async () => {
    const results = fixtureResults()
    const metrics = new RunMetrics()
    metrics.recordRun(results)
    const text = await metrics.text()
    const messages = results.tests.flatMap((entry) => (entry.error ? [entry.error.message] : []))
    expect(messages.length).toBeGreaterThan(0)
    for (const message of messages) expect(text).not.toContain(message)
  })
})

describe('startMetricsServer', () => {
  test('serves the metrics on 127.0.0.1 at /metrics, parsed by a Prometheus text parser', async () => {
    const metrics = new RunMetrics()
    metrics.recordRun(fixtureResults())
    const server = await startMetricsServer(metrics, { port: 0 })
    servers.push(server)
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const response = await fetch(server.url)
    expect(response.headers.get('content-type')).toContain('text/plain')
    const families = await scrape(server.url)
    expect(sampleValue(families, 'signalbox_runs_total', { outcome: 'block' })).toBe(1)
    expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404)
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405)
  })

  test('a port already taken is a usage error naming it', async () => {
    const metrics = new RunMetrics()
    const first = await startMetricsServer(metrics, { port: 0 })
    servers.push(first)
    const port = Number(new URL(first.url).port)
    await expect(startMetricsServer(metrics, { port })).rejects.toThrow(
      `the metrics cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
    )
  })

  test('close stops listening, and may be called twice', async () => {
    const server = await startMetricsServer(new RunMetrics(), { port: 0 })
    await Promise.all([server.close(), server.close()])
    await expect(fetch(server.url)).rejects.toThrow()
  })
})
