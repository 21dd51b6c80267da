import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import type { Results, RunEvent } from '../../core/index.js'
import { fixtureRun, manyTests } from '../history/testing/HistoryFixtures.js'
import { openTestDashboard, type TestDashboard } from './testing/TestDashboard.js'

/**
 * Live runs over real WebSockets: a source streams a run's events to
 * /api/live/ingest, 200 viewers watch it, every viewer receives every event
 * in order, and the finished run is in the store.
 */

let dashboard: TestDashboard
let origin: string

beforeAll(async () => {
  dashboard = await openTestDashboard()
  origin = (await dashboard.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')
})
afterAll(() => dashboard.close())

/** The events of a run as `signalbox run` emits them. */
function eventsOf(results: Results): RunEvent[] {
  const { run } = results
  return [
    {
      type: 'run-started',
      runId: run.id,
      startedAt: run.startedAt,
      gates: run.gates,
      backend: run.devnet.backend,
    },
    { type: 'devnet-ready', devnet: run.devnet },
    { type: 'health-checked', checks: results.health },
    { type: 'suites-started', files: 1, selected: results.tests.length },
    { type: 'tests-found', count: results.tests.length },
    ...results.tests.flatMap((result): RunEvent[] => [
      {
        type: 'test-started',
        test: {
          id: result.id,
          file: result.file,
          name: result.name,
          feature: result.feature,
          ...(result.owner !== undefined && { owner: result.owner }),
          ...(result.severity !== undefined && { severity: result.severity }),
        },
      },
      { type: 'test-finished', result },
    ]),
    { type: 'run-finished', results },
  ]
}

/** What a socket received until it closed, and how it closed. */
interface Recording {
  messages: { type: string }[]
  code: number
  reason: string
}

/**
 * Opens a socket and records everything it receives from the start (a
 * viewer's replay may arrive with the upgrade); resolves once it is open.
 */
function connect(
  path: string,
  token?: string,
): Promise<{ socket: WebSocket; closed: Promise<Recording> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    })
    const messages: { type: string }[] = []
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())))
    const closed = new Promise<Recording>((done) => {
      socket.once('close', (code, reason) => done({ messages, code, reason: reason.toString() }))
    })
    socket.once('open', () => resolve({ socket, closed }))
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`HTTP ${response.statusCode}`))
      socket.terminate()
    })
    socket.once('error', reject)
  })
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  expect(condition()).toBe(true)
}

/** A source streaming `results`' run, once its run-started is live. */
async function streaming(results: Results, query = '') {
  const { socket, closed } = await connect(`/api/live/ingest${query}`, dashboard.tokens.push)
  socket.send(JSON.stringify(eventsOf(results)[0]))
  await until(() => dashboard.live.get(results.run.id) !== undefined)
  return { source: socket, sourceEnd: closed }
}

describe('a live run', () => {
  test('200 viewers receive every event in order; the finished run is stored as a push', async () => {
    const results = fixtureRun({
      id: '20261122T080000Z-live01',
      startedAt: '2026-11-22T08:00:00.000Z',
      tests: manyTests(40, { seed: 7 }),
    })
    const events = eventsOf(results)
    const { source, sourceEnd } = await streaming(results, '?release=v2.0.0-rc.1&branch=main')

    const viewers = await Promise.all(
      Array.from({ length: 200 }, () => connect(`/api/live/${results.run.id}`)),
    )
    const watched = viewers.map((viewer) => viewer.closed)
    for (const event of events.slice(1)) source.send(JSON.stringify(event))

    const sent = events.map((event) => JSON.parse(JSON.stringify(event)))
    for (const { messages, code } of await Promise.all(watched)) {
      expect(code).toBe(1000)
      expect(messages.filter((message) => message.type !== 'finding-classified')).toEqual(sent)
    }
    const failing = results.tests.filter(
      (test) => test.status !== 'passed' && test.status !== 'skipped',
    )
    const [first] = await Promise.all(watched)
    expect(first?.messages.filter((message) => message.type === 'finding-classified')).toHaveLength(
      failing.length,
    )

    const { messages, code } = await sourceEnd
    expect(code).toBe(1000)
    expect(messages).toEqual([
      { type: 'run-saved', run: expect.objectContaining({ id: results.run.id }) },
    ])
    const stored = await dashboard.store.getRun(results.run.id)
    expect(stored?.meta).toMatchObject({ source: 'push', release: 'v2.0.0-rc.1', branch: 'main' })
    expect(stored?.results.tests).toHaveLength(40)
    expect(dashboard.live.list()).toEqual([])
    // The live page of a finished run sends the browser to the stored run.
    const page = await dashboard.app.inject(`/live/${results.run.id}`)
    expect(page.statusCode).toBe(303)
    expect(page.headers.location).toBe(`/runs/${results.run.id}`)
  })

  test('a source that closes right after run-finished still has its run stored', async () => {
    const results = fixtureRun({ id: 'live-hasty', startedAt: '2026-11-22T11:00:00.000Z' })
    const { source, sourceEnd } = await streaming(results)
    for (const event of eventsOf(results).slice(1)) source.send(JSON.stringify(event))
    source.close(1000, 'run finished')
    expect((await sourceEnd).code).toBe(1000)
    await until(() => dashboard.live.get('live-hasty') === undefined)
    await expect.poll(() => dashboard.store.getRun('live-hasty')).toBeDefined()
  })

  test('the live list and page show a run while it runs', async () => {
    const results = fixtureRun({ id: 'live-listed', startedAt: '2026-11-22T09:00:00.000Z' })
    const { source, sourceEnd } = await streaming(results)
    const list = (await dashboard.app.inject('/api/live')).json()
    expect(list.runs).toEqual([
      expect.objectContaining({ runId: 'live-listed', gates: ['alphanet'] }),
    ])
    const page = await dashboard.app.inject('/live/live-listed')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-page="live"')
    source.close()
    await sourceEnd
    await until(() => dashboard.live.get('live-listed') === undefined)
  })

  test('a source without a push token is refused before the upgrade', async () => {
    await expect(connect('/api/live/ingest')).rejects.toThrow('HTTP 401')
    await expect(connect('/api/live/ingest', dashboard.tokens.signoff)).rejects.toThrow('HTTP 403')
  })

  test('a viewer of a run that is not live is told so', async () => {
    const viewer = await connect('/api/live/not-live-run')
    expect(await viewer.closed).toMatchObject({ code: 4404, reason: 'the run is not live' })
  })

  test('a malformed message ends the run; its viewers learn it stopped', async () => {
    const results = fixtureRun({ id: 'live-broken', startedAt: '2026-11-22T10:00:00.000Z' })
    const { source, sourceEnd } = await streaming(results)
    const { closed: watched } = await connect('/api/live/live-broken')
    source.send('{"type": "test-finished", "result": {}}')
    expect(await sourceEnd).toMatchObject({ code: 1007 })
    expect((await sourceEnd).reason).toMatch(/^not a run event: /)
    expect(await watched).toMatchObject({ code: 4410 })
    expect(await dashboard.store.getRun('live-broken')).toBeUndefined()
  })

  test('an event before run-started is refused', async () => {
    const { socket: source, closed: sourceEnd } = await connect(
      '/api/live/ingest',
      dashboard.tokens.push,
    )
    source.send(JSON.stringify({ type: 'tests-found', count: 1 }))
    expect(await sourceEnd).toMatchObject({
      code: 1008,
      reason: 'a live run starts with run-started, not tests-found',
    })
  })
})
