/**
 * Report writers at scale: `npx tsx bench/reports.ts`.
 *
 * 1. Renders readiness.md, junit.xml, report.html and results.json for 10,000
 *    synthetic tests 15 times and prints the median total (target < 1000 ms).
 * 2. Opens report.html in headless Chromium 5 times and prints the median time
 *    from navigation start until the test table is built (target < 2000 ms).
 *
 * Exits 1 when a median misses its target.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { createRedactor, redactData } from '../core/index.js'
import { type ReportFormat, renderReport } from '../reports/index.js'
import { writeRunReports } from '../runner/files/ReportFiles.js'
import { syntheticResults } from '../test/fixtures/reports.js'
import { reportFigures } from './figures.js'
import { median } from './stats.js'

const testCount = 10_000
const renderRuns = 15
const browserRuns = 5
const renderTargetMs = 1000
const browserTargetMs = 2000
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const results = syntheticResults(testCount)
const formats: ReportFormat[] = ['md', 'junit', 'html', 'json']
const sizes = new Map<ReportFormat, number>()

// One warm-up run so that the median measures steady state, not JIT start-up.
for (const format of formats) renderReport(results, format)

const totals: number[] = []
const perFormat = new Map<ReportFormat, number[]>(formats.map((format) => [format, []]))
for (let run = 0; run < renderRuns; run++) {
  let total = 0
  for (const format of formats) {
    const start = performance.now()
    const text = renderReport(results, format)
    const elapsed = performance.now() - start
    total += elapsed
    perFormat.get(format)?.push(elapsed)
    sizes.set(format, Buffer.byteLength(text))
  }
  totals.push(total)
}
const renderMedian = median(totals)
console.log(
  `render md+junit+html+json, ${testCount} tests: median ${renderMedian.toFixed(1)} ms over ${renderRuns} runs (target < ${renderTargetMs} ms)`,
)
for (const format of formats) {
  console.log(
    `  ${format.padEnd(5)} median ${median(perFormat.get(format) ?? [])
      .toFixed(1)
      .padStart(7)} ms, ${((sizes.get(format) ?? 0) / 1024 / 1024).toFixed(2)} MiB`,
  )
}

// What a run does with them: redact each test as it is recorded, then render and write the four files atomically.
const writeDir = await mkdtemp(join(tmpdir(), 'signalbox-bench-write-'))
const redact = createRedactor({
  secrets: ['0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'],
})
const writeTimes: number[] = []
for (let run = 0; run < renderRuns; run++) {
  const start = performance.now()
  const redacted = { ...results, tests: results.tests.map((test) => redactData(test, redact)) }
  await writeRunReports(join(writeDir, `run-${run}`), redacted, {})
  writeTimes.push(performance.now() - start)
}
await rm(writeDir, { recursive: true, force: true })
const writeMedian = median(writeTimes)
console.log(
  `render, redact and write all four files, ${testCount} tests: median ${writeMedian.toFixed(1)} ms over ${renderRuns} runs (target < ${renderTargetMs} ms)`,
)

const dir = await mkdtemp(join(tmpdir(), 'signalbox-bench-'))
const file = join(dir, 'report.html')
await writeFile(file, renderReport(results, 'html'))
const url = pathToFileURL(file).href
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
const loads: number[] = []
try {
  for (let run = 0; run < browserRuns; run++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(url, { waitUntil: 'commit' })
    await page.waitForSelector('html[data-rendered="true"]', { timeout: 60_000 })
    // After the rows are appended, wait for the next frame so that layout and
    // the first paint of the table are included; measured from navigation start.
    const elapsed = await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))',
    )
    const rows = await page.locator('#tests-body .trow').count()
    if (rows !== testCount) throw new Error(`expected ${testCount} rows, found ${rows}`)
    loads.push(Number(elapsed))
    await page.close()
  }
} finally {
  await browser.close()
  await rm(dir, { recursive: true, force: true })
}
const browserMedian = median(loads)
console.log(
  `open report.html in Chromium until the table is rendered: median ${browserMedian.toFixed(0)} ms over ${browserRuns} runs (target < ${browserTargetMs} ms) [${loads.map((ms) => ms.toFixed(0)).join(', ')}]`,
)

reportFigures('reports', [
  {
    name: `render the four reports, ${testCount.toLocaleString('en')} tests`,
    value: renderMedian,
    unit: 'ms',
    target: { max: renderTargetMs },
    method: `median of ${renderRuns}`,
  },
  {
    name: `render, redact and write the four reports, ${testCount.toLocaleString('en')} tests`,
    value: writeMedian,
    unit: 'ms',
    target: { max: renderTargetMs },
    method: `median of ${renderRuns}`,
  },
  {
    name: `report.html of ${testCount.toLocaleString('en')} tests in Chromium, until the table is drawn`,
    value: browserMedian,
    unit: 'ms',
    target: { max: browserTargetMs },
    method: `median of ${browserRuns}`,
  },
])
if (
  renderMedian >= renderTargetMs ||
  writeMedian >= renderTargetMs ||
  browserMedian >= browserTargetMs
) {
  process.exitCode = 1
}
