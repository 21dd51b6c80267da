import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  fixtureIds,
  fixtureReadiness,
  hostileName,
  hostileResults,
  syntheticResults,
} from '../test/fixtures/reports.js'
import { renderHtml } from './Html.js'
import { renderJunit } from './Junit.js'

const executablePath = '/usr/bin/chromium'
const hostileId = `hostile/names.accept.ts > injection > ${hostileName}`

let browser: Browser
let dir: string
let url: string
let page: Page
const requests: string[] = []
const dialogs: string[] = []
const pageErrors: string[] = []

/** Ids of the rows the browser actually shows (not merely rows without `hidden`). */
async function visibleRowIds(): Promise<string[]> {
  return page.locator('#tests-body .trow:visible .id').allTextContents()
}

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: apt-get install -y chromium`)
  }
  dir = await mkdtemp(join(tmpdir(), 'signalbox-report-'))
  const file = join(dir, 'report.html')
  await writeFile(file, renderHtml(hostileResults(), { readiness: fixtureReadiness() }))
  url = pathToFileURL(file).href
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  page.on('request', (request) => requests.push(request.url()))
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message())
    await dialog.dismiss()
  })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(url)
  await page.waitForSelector('html[data-rendered="true"]')
})

afterAll(async () => {
  await browser?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('report.html in Chromium', () => {
  test('renders every test and makes no request but its own file', async () => {
    expect(await page.locator('#tests-body .trow').count()).toBe(hostileResults().tests.length)
    expect(await page.textContent('#shown')).toBe('Showing 19 of 19 tests')
    expect(requests).toEqual([url])
    expect(pageErrors).toEqual([])
  })

  test('filtering to SEV1 failures shows exactly those rows', async () => {
    await page.selectOption('#f-severity', 'SEV1')
    await page.selectOption('#f-status', 'failing')
    expect((await visibleRowIds()).sort()).toEqual([fixtureIds.supervisor, hostileId].sort())
    expect(await page.textContent('#shown')).toBe('Showing 2 of 19 tests')
    // The state is in the URL, so a filtered view can be shared.
    expect(new URL(page.url()).hash).toBe('#status=failing&severity=SEV1')

    await page.selectOption('#f-severity', 'SEV0')
    expect(await visibleRowIds()).toEqual([fixtureIds.relay])
    await page.click('#f-reset')
    expect(await visibleRowIds()).toHaveLength(19)
  })

  test('feature, owner and text search filter rows', async () => {
    await page.selectOption('#f-feature', 'fees')
    expect(await visibleRowIds()).toHaveLength(3)
    await page.selectOption('#f-owner', 'platforms')
    expect(await visibleRowIds()).toEqual([])
    await page.click('#f-reset')
    // Case-insensitive, over ids, owners and error text: `unsafe head` matches too.
    await page.fill('#f-search', 'SAFE HEAD')
    await page.waitForSelector('#shown:text-is("Showing 2 of 19 tests")')
    expect((await visibleRowIds()).sort()).toEqual(
      [fixtureIds.supervisor, fixtureIds.gossip].sort(),
    )
    await page.fill('#f-search', "reading 'safe'")
    await page.waitForSelector('#shown:text-is("Showing 1 of 19 tests")')
    expect(await visibleRowIds()).toEqual([fixtureIds.supervisor])
    await page.click('#f-reset')
  })

  test('a severity card filters the table', async () => {
    await page.click('button.card.sev-SEV3')
    expect(await visibleRowIds()).toEqual([fixtureIds.getLogs])
    await page.click('#f-reset')
  })

  test('a test named <script>alert(1)</script> renders as text and runs nothing', async () => {
    const row = page.locator('#tests-body .trow', {
      has: page.getByText(hostileId, { exact: true }),
    })
    expect(await row.locator('.name').textContent()).toBe(hostileName)
    await row.locator('details summary').click()
    const pre = row.locator('details pre')
    expect(await pre.textContent()).toContain('</details></td></tr><script>alert(4)</script>')
    expect(await row.locator('details .ann li').textContent()).toBe(
      '<b>type</b>: <iframe src="https://example.org">',
    )
    expect(dialogs).toEqual([])
    expect(await page.locator('script').count()).toBe(2)
    expect(await page.locator('img, iframe, #tests-body b').count()).toBe(0)
    expect(requests).toEqual([url])
  })

  test('a failure expands to its message, stack and annotations', async () => {
    const row = page.locator('#tests-body .trow', {
      has: page.getByText(fixtureIds.relay, { exact: true }),
    })
    expect(await row.locator('.num').textContent()).toBe('1m 05s')
    await row.locator('details summary').click()
    expect(await row.locator('details pre').textContent()).toContain(
      'at waitForRelay (suites/kit/interop.ts:88:11)',
    )
    expect(await row.locator('details .ann li').textContent()).toBe(
      'relay-latency: p50 4.1s, p99 timed out',
    )
    await page.screenshot({ path: '/tmp/report.png', fullPage: true })
  })

  test('junit.xml is well-formed for a strict XML parser', async () => {
    const hostile = hostileResults()
    const xml = renderJunit(hostile)
    // The test's tsconfig has no DOM lib; these are the few DOM shapes used in the page.
    interface XmlElement {
      textContent: string | null
      getAttribute(name: string): string | null
    }
    interface XmlDocument {
      getElementsByTagName(name: string): ArrayLike<XmlElement>
    }
    type Parser = new () => { parseFromString(text: string, type: string): XmlDocument }
    const result = await page.evaluate((text) => {
      const { DOMParser } = globalThis as unknown as { DOMParser: Parser }
      const doc = new DOMParser().parseFromString(text, 'application/xml')
      const cases = Array.from(doc.getElementsByTagName('testcase'))
      return {
        error: doc.getElementsByTagName('parsererror')[0]?.textContent ?? null,
        cases: cases.length,
        names: cases.map((c) => c.getAttribute('name')),
      }
    }, xml)
    expect(result.error).toBeNull()
    // Every test, health check and gate is a case.
    expect(result.cases).toBe(
      hostile.tests.length + hostile.health.length + hostile.verdicts.length,
    )
    expect(result.names).toContain(hostileName)
  })
})

describe('report.html with thousands of tests', () => {
  test('rows far down are built when they come into view; filters and search see all', async () => {
    const results = syntheticResults(5000)
    const file = join(dir, 'large.html')
    await writeFile(file, renderHtml(results))
    const large = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const seen: string[] = []
    large.on('request', (request) => seen.push(request.url()))
    try {
      await large.goto(pathToFileURL(file).href)
      await large.waitForSelector('html[data-rendered="true"]')
      const rows = large.locator('#tests-body .trow')
      expect(await rows.count()).toBe(5000)
      // Content of rows far from the viewport is not built yet.
      expect(await large.locator('#tests-body .trow.unfilled').count()).toBeGreaterThan(4000)

      const skipped = results.tests.filter((t) => t.status === 'skipped').length
      await large.selectOption('#f-status', 'skipped')
      expect(await large.textContent('#shown')).toBe(`Showing ${skipped} of 5000 tests`)
      expect(await large.locator('#tests-body .trow:visible').count()).toBe(skipped)
      await large.click('#f-reset')

      // Blocks of rows off screen are as tall as the rows they show now, not as before the
      // filter: no screens of blank space between the tests of one feature (one in eight).
      const tableHeight = async () =>
        Number(
          await large.evaluate("document.getElementById('tests').getBoundingClientRect().height"),
        )
      expect(await tableHeight()).toBeGreaterThan(5000 * 50)
      const feature = results.tests[0]?.feature ?? ''
      const ofFeature = results.tests.filter((t) => t.feature === feature).length
      await large.selectOption('#f-feature', feature)
      expect(await large.textContent('#shown')).toBe(`Showing ${ofFeature} of 5000 tests`)
      expect(await tableHeight()).toBeLessThan((ofFeature + 1) * 80)
      await large.click('#f-reset')

      // The last row's content is built once it is scrolled to.
      const lastRow = large.locator('#tests-body .trow').last()
      await lastRow.scrollIntoViewIfNeeded()
      await expect.poll(() => lastRow.getAttribute('class')).not.toContain('unfilled')
      expect(await lastRow.locator('.id').textContent()).not.toBe('')

      const last = results.tests.at(-1)
      if (last === undefined) throw new Error('no tests')
      await large.fill('#f-search', last.id)
      await large.waitForSelector('#shown:text-is("Showing 1 of 5000 tests")')
      const row = large.locator('#tests-body .trow:visible')
      expect(await row.locator('.id').textContent()).toBe(last.id)
      expect(await row.locator('.name').textContent()).toBe(last.name)
      expect(seen).toEqual([pathToFileURL(file).href])
    } finally {
      await large.close()
    }
  })
})
