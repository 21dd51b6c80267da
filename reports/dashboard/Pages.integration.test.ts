import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fixtureIds, fixtureResults } from '../../test/fixtures/reports.js'
import { fixtureRun } from '../history/testing/HistoryFixtures.js'
import { hostileRun, injections } from './testing/HostileRuns.js'
import { scriptableMarkup } from './testing/MarkupCheck.js'
import { openTestDashboard, type TestDashboard } from './testing/TestDashboard.js'

/**
 * Every page and API read of the dashboard against a real SQLite store:
 * each answers, filters narrow, and no untrusted text comes back as markup.
 */

let dashboard: TestDashboard
const realistic = fixtureResults()
const earlier = fixtureRun({
  id: '20261119T100000Z-aaaaaa',
  startedAt: '2026-11-19T10:00:00.000Z',
  gates: ['alphanet', 'betanet'],
  devnet: { backend: 'kurtosis', name: 'interop-devnet-7' },
  tests: [{ name: 'deposit is credited on L2', status: 'passed' }],
})
const hostileBefore = hostileRun('hostile-1', '2026-11-18T10:00:00.000Z', 'passed')
const hostileAfter = hostileRun('hostile-2', '2026-11-18T11:00:00.000Z', 'failed')

beforeAll(async () => {
  dashboard = await openTestDashboard({ now: () => new Date('2026-11-20T12:00:00.000Z') })
  const { store } = dashboard
  await store.saveRun(earlier, { source: 'local', release: 'v1.9.0-rc.1', branch: 'main' })
  await store.saveRun(realistic, { source: 'push', release: 'v1.9.0-rc.1', branch: 'main' })
  await store.saveRun(hostileBefore, {
    source: 'push',
    release: injections.script,
    branch: injections.attribute,
  })
  await store.saveRun(hostileAfter, {
    source: 'push',
    release: injections.script,
    branch: injections.attribute,
  })
})
afterAll(() => dashboard.close())

async function get(url: string) {
  return dashboard.app.inject({ method: 'GET', url })
}

const runId = realistic.run.id
const pages = [
  '/',
  '/?gate=betanet&decision=block',
  `/runs/${runId}`,
  `/runs/${runId}?status=failing&severity=SEV1`,
  `/runs/${runId}/gates/alphanet`,
  `/runs/${runId}/gates/betanet`,
  `/compare?head=${runId}`,
  `/compare?head=${runId}&base=${earlier.run.id}`,
  '/trends',
  '/trends?gate=alphanet&feature=bridge',
  '/flaky',
  '/releases',
  '/teams/bridge-team',
  `/tests?id=${encodeURIComponent(fixtureIds.deposit)}`,
  '/live',
]
const hostilePages = [
  '/',
  `/?release=${encodeURIComponent(injections.script)}`,
  '/runs/hostile-2',
  '/runs/hostile-2?status=failing',
  '/runs/hostile-2/gates/alphanet',
  '/compare?head=hostile-2',
  '/trends?gate=alphanet',
  `/trends?gate=alphanet&feature=${encodeURIComponent(injections.attribute)}`,
  '/flaky',
  '/releases',
  `/teams/${encodeURIComponent(injections.attribute)}`,
  `/teams/${encodeURIComponent(injections.script)}`,
  `/tests?id=${encodeURIComponent(hostileAfter.tests[0]?.id ?? '')}`,
  `/nothing-here/${encodeURIComponent(injections.script)}`,
  `/runs/${encodeURIComponent(injections.attribute)}`,
]
const apiReads = [
  '/api/runs',
  `/api/runs/${runId}`,
  `/api/runs/${runId}/signoffs`,
  `/api/tests/history?id=${encodeURIComponent(fixtureIds.deposit)}`,
  `/api/compare?head=${runId}`,
  '/api/trends?gate=betanet',
  '/api/trends?gate=alphanet&feature=bridge',
  '/api/flaky',
  '/api/releases',
  '/api/teams/bridge-team',
  '/api/live',
]

describe('pages', () => {
  test.each(pages)('%s answers a page under the CSP, with no inline script', async (url) => {
    const response = await get(url)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['content-security-policy']).toContain("script-src 'self'")
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(scriptableMarkup(response.body)).toEqual([])
  })

  test.each(hostilePages)('%s never returns untrusted text as markup', async (url) => {
    const response = await get(url)
    expect(response.statusCode).toBeLessThan(500)
    expect(response.body).not.toContain(injections.script)
    expect(response.body).not.toContain(injections.attribute)
    expect(scriptableMarkup(response.body)).toEqual([])
  })

  test('the hostile run is shown, as text', async () => {
    const body = (await get('/runs/hostile-2')).body
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(body).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
  })
})

describe('warnings', () => {
  test('a run’s warnings (a readiness entry that matches nothing) are shown on its page, as text', async () => {
    const withWarnings = {
      ...fixtureRun({ id: 'with-warnings', startedAt: '2026-11-02T00:00:00.000Z', gates: ['pr'] }),
      warnings: [
        {
          rule: 'readiness-unmatched',
          source: 'rc-42.yaml: mitigations[0].finding',
          message: `rc-42.yaml: mitigations[0].finding "bridge/deposit.accept.ts > deposit is credited on L3" matches no finding ${injections.script}`,
        },
      ],
    }
    await dashboard.store.saveRun(withWarnings, { source: 'local' })
    const body = (await get('/runs/with-warnings')).body
    expect(body).toContain('<b>Warning</b>: entries that count for nothing')
    expect(body).toContain('matches no finding &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(scriptableMarkup(body)).toEqual([])
    expect((await get(`/runs/${runId}`)).body).not.toContain('count for nothing')
  })
})

describe('API reads', () => {
  test.each(apiReads)('%s answers JSON', async (url) => {
    const response = await get(url)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(() => response.json()).not.toThrow()
  })

  test('a run is answered as stored, with its sign-offs', async () => {
    await dashboard.store.saveRun(
      fixtureRun({ id: 'with-extra', startedAt: '2026-11-01T00:00:00.000Z', gates: ['pr'] }),
      { source: 'local' },
    )
    const body = (await get('/api/runs/with-extra')).json()
    expect(Object.keys(body).sort()).toEqual(['meta', 'results', 'signoffs'])
    expect(body.results.run.id).toBe('with-extra')
  })

  test('an unknown run is 404, a malformed id 400', async () => {
    expect((await get('/api/runs/no-such-run')).statusCode).toBe(404)
    const malformed = await get('/api/runs/..%2F..%2Fetc%2Fpasswd')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' })
  })
})

describe('filters', () => {
  async function runIds(query: string): Promise<string[]> {
    const response = await get(`/api/runs${query}`)
    expect(response.statusCode, response.body).toBe(200)
    return response.json().runs.map((run: { id: string }) => run.id)
  }

  test('runs by gate and verdict, devnet, release, branch, time and count', async () => {
    expect(await runIds('?gate=betanet&decision=block')).toEqual([runId])
    expect(await runIds('?gate=betanet&decision=promote')).toEqual([earlier.run.id])
    expect(await runIds('?devnet=interop-devnet-7')).toEqual([runId, earlier.run.id])
    expect(await runIds(`?release=${encodeURIComponent(injections.script)}`)).toEqual([
      'hostile-2',
      'hostile-1',
    ])
    expect(await runIds('?branch=main')).toEqual([runId, earlier.run.id])
    expect(
      await runIds(`?before=${encodeURIComponent(realistic.run.startedAt)}&gate=betanet`),
    ).toEqual([earlier.run.id])
    expect(await runIds('?limit=1')).toEqual([runId])
    // An unset form field is no filter.
    expect(await runIds('?gate=&decision=&release=&limit=')).toContain(runId)
  })

  test('a bad filter is refused and says which', async () => {
    const response = await get('/api/runs?decision=maybe&limit=9999')
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toMatch(/^querystring: decision: .*; limit: /)
  })

  test('the runs page lists what its filters select', async () => {
    const body = (await get('/?gate=betanet&decision=promote')).body
    expect(body).toContain(earlier.run.id)
    expect(body).not.toContain(`href="/runs/${runId}"`)
  })

  test('a run’s tests by status and severity: the SEV1 failures', async () => {
    const body = (await get(`/runs/${runId}?status=failing&severity=SEV1`)).body
    expect(body).toContain('Tests <span class="muted">1 of 17</span>')
    expect(body).toContain('safe head advances on both chains')
    expect(body).not.toContain('base fee rises under sustained load</a>')
  })

  test('a run’s tests by page: past the last is the last, a page that is not a number is refused', async () => {
    const body = (await get(`/runs/${runId}?page=9`)).body
    expect(body).toContain('Tests <span class="muted">17 of 17</span>')
    expect(body).not.toContain('class="pager"')
    expect((await get(`/runs/${runId}?page=0`)).statusCode).toBe(400)
    expect((await get(`/runs/${runId}?page=two`)).statusCode).toBe(400)
  })

  test('a run’s tests by owner and feature', async () => {
    const body = (await get(`/runs/${runId}?owner=platforms&feature=rpc`)).body
    expect(body).toContain('Tests <span class="muted">3 of 17</span>')
  })
})

describe('what the pages show', () => {
  test('compare defaults to the previous run of the head’s first gate', async () => {
    const comparison = (await get(`/api/compare?head=${runId}`)).json()
    expect(comparison.base.id).toBe(earlier.run.id)
    expect(comparison.removedTests.map((test: { name: string }) => test.name)).toEqual([
      'deposit is credited on L2',
    ])
    expect(comparison.newTests.length).toBe(realistic.tests.length)
    const first = await get('/api/compare?head=hostile-1')
    expect(first.statusCode).toBe(404)
    expect((await get('/compare?head=hostile-1')).body).toContain('is the first run of alphanet')
  })

  test('trends of a gate and of a feature', async () => {
    const gate = (await get('/api/trends?gate=betanet')).json()
    expect(gate.points.map((point: { runId: string }) => point.runId)).toEqual([
      earlier.run.id,
      runId,
    ])
    const feature = (await get('/api/trends?gate=betanet&feature=interop')).json()
    expect(feature.points.at(-1)).toMatchObject({ tests: 4, passRate: 0.5 })
    expect((await get('/trends?gate=betanet')).body).toContain('<svg viewBox=')
  })

  test('flaky tests: the hostile test passed and failed at one commit', async () => {
    const flaky = (await get('/api/flaky')).json()
    expect(flaky.tests.map((test: { testId: string }) => test.testId)).toContain(
      hostileAfter.tests[0]?.id,
    )
  })

  test('the release train: alphanet promoted, betanet blocks', async () => {
    const train = (await get('/api/releases')).json()
    const standing = train.releases.find(
      (entry: { release: string }) => entry.release === 'v1.9.0-rc.1',
    )
    expect(standing.steps.map((step: { status: string }) => step.status)).toEqual([
      'promote',
      'block',
      'not-run',
    ])
    expect(standing.nextStep).toBe('betanet')
    expect(standing.blockers.length).toBeGreaterThan(0)
    // The manual finding's mitigation expires 2026-12-01, within 11 days of the 20th: not soon enough to list.
    expect(standing.expiringMitigations).toEqual([])
  })

  test('a team’s failing tests', async () => {
    const view = (await get('/api/teams/interop-team')).json()
    expect(view.failing.map((test: { testId: string }) => test.testId).sort()).toEqual(
      [fixtureIds.relay, fixtureIds.supervisor].sort(),
    )
  })

  test('a test’s history, newest first', async () => {
    const history = (
      await get(`/api/tests/history?id=${encodeURIComponent(hostileAfter.tests[0]?.id ?? '')}`)
    ).json()
    expect(history.outcomes.map((outcome: { runId: string }) => outcome.runId)).toEqual([
      'hostile-2',
      'hostile-1',
    ])
  })

  test('the verdict page of a promotable gate offers the sign-off; of a blocked one, says why not', async () => {
    expect((await get(`/runs/${runId}/gates/alphanet`)).body).toContain('id="signoff-form"')
    const blocked = (await get(`/runs/${runId}/gates/betanet`)).body
    expect(blocked).not.toContain('id="signoff-form"')
    expect(blocked).toContain('Cannot be signed off')
    expect((await get(`/runs/${runId}/gates/testnet`)).statusCode).toBe(404)
  })

  test('the readiness report of one gate as Markdown', async () => {
    const response = await get(`/runs/${runId}/gates/alphanet/readiness.md`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/markdown; charset=utf-8')
    expect(response.body).toContain('alphanet')
    expect(response.body).not.toContain('| betanet |')
  })

  test('the stylesheet and the script are served; nothing else under /assets', async () => {
    expect((await get('/assets/dashboard.css')).statusCode).toBe(200)
    expect((await get('/assets/dashboard.js')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    )
    expect((await get('/assets/..%2F..%2F..%2Fpackage.json')).statusCode).toBe(404)
  })
})
