import { type ChildProcess, execFile } from 'node:child_process'
import { access, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { openHistoryStore } from '../reports/history/index.js'
import { type CliRun, readResults, runCli, scratchFolders } from './cli.js'
import { family, type PrometheusFamily, samples, sampleValue, scrape } from './prometheus.js'

const exec = promisify(execFile)
const scratch = scratchFolders()

const suites = {
  'suites/chain/chain.accept.ts': `import { describe, expect, test } from 'signalbox/suite'
describe('chain', () => {
  test('L1 answers with its chain id', async ({ l1 }) => expect(await l1.getChainId()).toBe(900))
  test('L2 answers with its chain id', async ({ l2 }) => expect(await l2.getChainId()).toBe(901))
})
`,
}

/** Scrapes until `done` holds for the parsed metrics, or fails after `timeoutMs`. */
async function scrapeUntil(
  url: string,
  done: (families: PrometheusFamily[]) => boolean,
  timeoutMs = 120_000,
): Promise<PrometheusFamily[]> {
  const deadline = Date.now() + timeoutMs
  let last: PrometheusFamily[] = []
  while (Date.now() < deadline) {
    last = await scrape(url)
    if (done(last)) return last
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(
    `metrics never got there: ${JSON.stringify(samples(last, 'signalbox_runs_total'))}`,
  )
}

const runs = (families: PrometheusFamily[], outcome: string) =>
  sampleValue(families, 'signalbox_runs_total', { outcome }) ?? 0

async function anvilsOf(child: ChildProcess): Promise<string[]> {
  const { stdout } = await exec('pgrep', ['-P', String(child.pid), '-f', 'anvil']).catch(() => ({
    stdout: '',
  }))
  return stdout.trim().split('\n').filter(Boolean).sort()
}

describe('signalbox run --every', () => {
  test('/metrics scraped and parsed while a continuous run goes on; a broken iteration is counted and the loop goes on; SIGINT stops it all', async () => {
    const cwd = await scratch('continuous', suites)
    let child: ChildProcess | undefined
    let resolveUrl: (url: string) => void = () => {}
    const metricsUrl = new Promise<string>((resolve) => {
      resolveUrl = resolve
    })
    const ended: Promise<CliRun> = runCli(
      ['run', '--every', '2s', '--metrics-port', '0', '--out', 'out'],
      {
        cwd,
        onSpawn: (started) => {
          child = started
          let stderr = ''
          started.stderr?.on('data', (chunk: Buffer) => {
            stderr += chunk
            const match = /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(stderr)
            if (match?.[1]) resolveUrl(match[1])
          })
        },
      },
    )
    const url = await metricsUrl
    if (!child) throw new Error('the CLI did not start')

    // Two good runs, scraped while the loop goes on.
    const good = await scrapeUntil(url, (families) => runs(families, 'promote') >= 2)
    expect(family(good, 'signalbox_runs_total').type).toBe('COUNTER')
    expect(runs(good, 'error')).toBe(0)
    expect(sampleValue(good, 'signalbox_gate_verdict', { gate: 'pr', decision: 'promote' })).toBe(1)
    expect(sampleValue(good, 'signalbox_last_run_tests', { status: 'passed' })).toBe(2)
    expect(sampleValue(good, 'signalbox_tests_total', { status: 'passed' })).toBeGreaterThanOrEqual(
      4,
    )
    expect(sampleValue(good, 'signalbox_open_findings', { gate: 'pr', severity: 'SEV1' })).toBe(0)
    expect(sampleValue(good, 'signalbox_devnet_healthy')).toBe(1)
    expect(
      sampleValue(good, 'signalbox_health_check_ok', { chain: 'l2', check: 'rpc-reachable' }),
    ).toBe(1)
    const [histogram] = samples(good, 'signalbox_test_duration_seconds')
    expect(Number(histogram?.count)).toBeGreaterThanOrEqual(4)
    expect(
      sampleValue(good, 'signalbox_last_run_test_duration_seconds', {
        test: 'chain/chain.accept.ts > chain > L2 answers with its chain id',
      }),
    ).toBeGreaterThan(0)
    // One devnet kept up for every run: the same two anvil processes throughout.
    const anvils = await anvilsOf(child)
    expect(anvils).toHaveLength(2)

    // A suite file that cannot load: that iteration is an error, counted, and the loop goes on.
    const broken = join(cwd, 'suites/chain/broken.accept.ts')
    await writeFile(broken, "throw new Error('broken on purpose')\n")
    const failed = await scrapeUntil(url, (families) => runs(families, 'error') >= 1)
    expect(sampleValue(failed, 'signalbox_gate_verdict', { gate: 'pr', decision: 'error' })).toBe(1)
    await rm(broken)
    const promotedBefore = runs(failed, 'promote')
    const again = await scrapeUntil(url, (families) => runs(families, 'promote') > promotedBefore)
    expect(sampleValue(again, 'signalbox_gate_verdict', { gate: 'pr', decision: 'promote' })).toBe(
      1,
    )
    expect(await anvilsOf(child)).toEqual(anvils)

    child.kill('SIGINT')
    const run = await ended
    // Exit 0 when the interrupt came between runs (the last promoted), 2 when it cut one short.
    expect([0, 2], run.stderr).toContain(run.code)
    expect(run.stderr).toMatch(/stopped after \d+ runs?.*; the devnet is stopped/)
    for (const pid of anvils) expect(() => process.kill(Number(pid), 0)).toThrow()
    await expect(fetch(url)).rejects.toThrow()

    // Every run is in the history store and has its own folder of reports.
    const store = await openHistoryStore(undefined, cwd)
    const saved = await store.listRuns().finally(() => store.close())
    expect(saved.length).toBeGreaterThanOrEqual(4)
    for (const summary of saved) {
      const results = await readResults(join(cwd, 'out', summary.id))
      expect(results.run.id).toBe(summary.id)
      await access(join(cwd, 'out', summary.id, 'report.html'))
    }
    const outcomes = await Promise.all(
      saved.map(
        async (summary) => (await readResults(join(cwd, 'out', summary.id))).verdicts[0]?.decision,
      ),
    )
    expect(outcomes).toContain('error')
    expect(outcomes.filter((decision) => decision === 'promote').length).toBeGreaterThanOrEqual(3)
  })

  test('a bad --every, and --metrics-port without it, are usage errors naming the option (exit 2)', async () => {
    const cwd = await scratch('continuous-usage', suites)
    const bad = await runCli(['run', '--every', '10 minutes'], { cwd })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      '--every takes a duration such as 30s, 10m or 1h, got "10 minutes"',
    )
    const alone = await runCli(['run', '--metrics-port', '9000'], { cwd })
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain('--metrics-port goes with --every')
    const clash = await runCli(['run', '--every', '1m', '--shard', '1/2'], { cwd })
    expect(clash.code).toBe(2)
    expect(clash.stderr).toContain('--every does not go with --shard')
  })
})
