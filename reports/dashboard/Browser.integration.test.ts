import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { RunEvent } from '../../core/index.js'
import { fixtureResults } from '../../test/fixtures/reports.js'
import { fixtureRun } from '../history/testing/HistoryFixtures.js'
import { hostileRun, injections } from './testing/HostileRuns.js'
import { openTestDashboard, type TestDashboard } from './testing/TestDashboard.js'

/**
 * The dashboard in a real browser (Chromium): the live page follows a run,
 * a run's tests filter, compare and trends draw, a promotable run is signed
 * off from its verdict page, and no untrusted text runs as script. The page
 * script must also work under the pages' own CSP.
 */

const executablePath = '/usr/bin/chromium'

let dashboard: TestDashboard
let origin: string
let browser: Browser
let page: Page
const dialogs: string[] = []
const problems: string[] = []
const promotable = fixtureResults()
const earlier = fixtureRun({
  id: '20261119T100000Z-aaaaaa',
  startedAt: '2026-11-19T10:00:00.000Z',
  gates: ['alphanet', 'betanet'],
})

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: apt-get install -y chromium`)
  }
  dashboard = await openTestDashboard()
  await dashboard.store.saveRun(earlier, { source: 'local' })
  await dashboard.store.saveRun(promotable, { source: 'local', release: 'v1.9.0-rc.1' })
  await dashboard.store.saveRun(hostileRun('hostile-1', '2026-11-18T10:00:00.000Z', 'passed'), {
    source: 'push',
    release: injections.script,
  })
  await dashboard.store.saveRun(hostileRun('hostile-2', '2026-11-18T11:00:00.000Z', 'failed'), {
    source: 'push',
    release: injections.script,
  })
  origin = await dashboard.app.listen({ host: '127.0.0.1', port: 0 })
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
})

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message())
    await dialog.dismiss()
  })
  page.on('pageerror', (error) => problems.push(error.message))
  // A CSP violation (our own script refused, or an injected one) shows up as a console error.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(message.text())
    }
  })
  return () => page.close()
})

afterAll(async () => {
  await browser?.close()
  await dashboard?.close()
})

describe('in a browser', () => {
  test('the live page shows tests as they finish, findings as they are classified, and the end', async () => {
    const results = hostileRun('20261122T080000Z-live01', '2026-11-22T08:00:00.000Z', 'failed')
    const [first, second] = results.tests
    if (first === undefined || second === undefined)
      throw new Error('the hostile run has two tests')
    const publish = (event: RunEvent) => dashboard.live.publish(event)
    publish({
      type: 'run-started',
      runId: results.run.id,
      startedAt: results.run.startedAt,
      gates: results.run.gates,
      backend: 'embedded',
    })
    publish({ type: 'suites-started', files: 1, selected: 2 })
    await page.goto(`${origin}/live/${results.run.id}`)
    await page.locator('#live-state', { hasText: 'Live' }).waitFor()

    publish({ type: 'test-finished', result: first })
    await expect.poll(() => page.locator('#live-tests > li').count()).toBe(1)
    await expect.poll(() => page.locator('#live-finished').textContent()).toBe('1')
    expect(await page.locator('#live-total').textContent()).toBe('2')
    expect(await page.locator('#live-tests .name').first().textContent()).toBe(injections.script)
    await expect.poll(() => page.locator('#live-findings > li').count()).toBe(1)
    expect(await page.locator('#live-findings .sev').first().textContent()).toBe('SEV2')

    publish({ type: 'test-finished', result: second })
    await expect.poll(() => page.locator('#live-tests > li').count()).toBe(2)
    publish({ type: 'run-finished', results })
    await page.locator('#live-state', { hasText: 'Finished' }).waitFor()
    expect(await page.locator('#live-verdicts .verdict').count()).toBe(1)
    expect(await page.locator('#live-state a').getAttribute('href')).toBe(`/runs/${results.run.id}`)
  })

  test('a run’s tests filter to the SEV1 failures', async () => {
    await page.goto(`${origin}/runs/${promotable.run.id}`)
    expect(await page.locator('ul.tests > li').count()).toBe(promotable.tests.length)
    await Promise.all([
      page.waitForURL(/status=failing/),
      page.selectOption('select[name=status]', 'failing'),
    ])
    await Promise.all([
      page.waitForURL(/severity=SEV1/),
      page.selectOption('select[name=severity]', 'SEV1'),
    ])
    const rows = page.locator('ul.tests > li')
    expect(await rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('safe head advances on both chains')
  })

  test('compare and the trend chart', async () => {
    await page.goto(`${origin}/compare?head=${promotable.run.id}`)
    expect(await page.locator('.compare-runs .name').allTextContents()).toEqual([
      earlier.run.id,
      promotable.run.id,
    ])
    await page.goto(`${origin}/trends?gate=alphanet`)
    const chart = page.locator('figure.chart').first()
    expect(await chart.locator('figcaption').textContent()).toBe('Pass rate')
    expect(await chart.locator('circle').count()).toBeGreaterThanOrEqual(3)
    expect(await chart.locator('svg').boundingBox()).toMatchObject({ width: expect.any(Number) })
  })

  test('a promotable run is signed off from its verdict page with a pasted token', async () => {
    await page.goto(`${origin}/runs/${promotable.run.id}/gates/alphanet`)
    await page.fill('input[name=by]', 'A. Rivera (Platforms)')
    await page.fill('textarea[name=notes]', 'Promote to betanet.')
    await page.fill('input[name=token]', dashboard.tokens.push)
    await page.click('#signoff-form button[type=submit]')
    await page.locator('.form-result', { hasText: 'Refused (403)' }).waitFor()
    await page.fill('input[name=token]', dashboard.tokens.signoff)
    await Promise.all([page.waitForEvent('load'), page.click('#signoff-form button[type=submit]')])
    await page.locator('.signoff', { hasText: 'Signed off by A. Rivera (Platforms)' }).waitFor()
    expect(await page.locator('#signoff-form').count()).toBe(0)
    const [signoff] = await dashboard.store.signoffsOf(promotable.run.id)
    expect(signoff).toMatchObject({
      gate: 'alphanet',
      by: 'A. Rivera (Platforms)',
      notes: 'Promote to betanet.',
    })
  })

  test('untrusted text never runs as script on any page', async () => {
    const paths = [
      '/',
      '/runs/hostile-2',
      '/runs/hostile-2?status=failing',
      '/runs/hostile-2/gates/alphanet',
      '/compare?head=hostile-2',
      '/trends?gate=alphanet',
      '/flaky',
      '/releases',
      `/teams/${encodeURIComponent(injections.attribute)}`,
      `/teams/${encodeURIComponent(injections.script)}`,
      `/tests?id=${encodeURIComponent(`bridge/bridge.accept.ts > bridge > ${injections.script}`)}`,
    ]
    for (const path of paths) {
      await page.goto(`${origin}${path}`)
      expect(await page.locator('img').count(), path).toBe(0)
    }
    expect(dialogs).toEqual([])
    await page.goto(`${origin}/runs/hostile-2`)
    expect(await page.locator('h1').textContent()).toBe('hostile-2')
    expect(await page.locator('ul.tests .name').allTextContents()).toContain(injections.script)
  })

  test('no page had a script error or a CSP violation', () => {
    expect(problems).toEqual([])
  })
})
