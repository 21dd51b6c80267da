import http from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fixtureResults } from '../../test/fixtures/reports.js'
import { fixtureRun } from '../history/testing/HistoryFixtures.js'
import { openTestDashboard, type TestDashboard } from './testing/TestDashboard.js'

/**
 * Writes and who may make them, against a real SQLite store: pushes and
 * sign-offs need a token with their scope, reads from another machine need a
 * token, and nothing refused leaves a trace in the store.
 */

let dashboard: TestDashboard
const promotable = fixtureResults()
const runId = promotable.run.id
const signedAt = new Date('2026-11-20T15:00:00.000Z')

beforeAll(async () => {
  dashboard = await openTestDashboard({ now: () => signedAt })
  await dashboard.store.saveRun(promotable, { source: 'local', release: 'v1.9.0-rc.1' })
})
afterAll(() => dashboard.close())

function bearer(token: string) {
  return { authorization: `Bearer ${token}` }
}

function signOff(headers: Record<string, string>, payload: unknown, id = runId) {
  return dashboard.app.inject({
    method: 'POST',
    url: `/api/runs/${id}/signoffs`,
    headers,
    payload: payload as object,
  })
}

function push(headers: Record<string, string>, payload: unknown) {
  return dashboard.app.inject({
    method: 'POST',
    url: '/api/runs',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  })
}

async function storedRunIds(): Promise<string[]> {
  return (await dashboard.store.listRuns({ limit: 500 })).map((run) => run.id)
}

describe('sign-off', () => {
  const body = { gate: 'alphanet', by: 'A. Rivera (Platforms)', notes: 'Promote to betanet.' }

  test('no token, an unknown token or a push-only token cannot sign off', async () => {
    const none = await signOff({}, body)
    expect(none.statusCode).toBe(401)
    expect(none.headers['www-authenticate']).toBe('Bearer')
    expect((await signOff(bearer(`sbx_${'0'.repeat(64)}`), body)).statusCode).toBe(401)
    expect((await signOff(bearer('not-a-token'), body)).statusCode).toBe(401)
    const pushOnly = await signOff(bearer(dashboard.tokens.push), body)
    expect(pushOnly.statusCode).toBe(403)
    expect(pushOnly.json().message).toBe('this token may not sign off: it needs the signoff scope')
    expect(await dashboard.store.signoffsOf(runId)).toEqual([])
  })

  test('a gate whose verdict blocks is refused', async () => {
    const response = await signOff(bearer(dashboard.tokens.signoff), { ...body, gate: 'betanet' })
    expect(response.statusCode).toBe(409)
    expect(response.json().message).toContain('gate betanet does not promote run')
    expect(await dashboard.store.signoffsOf(runId)).toEqual([])
  })

  test('a gate the run was not judged by, or a run that is not stored, is 404', async () => {
    expect(
      (await signOff(bearer(dashboard.tokens.signoff), { ...body, gate: 'testnet' })).statusCode,
    ).toBe(404)
    expect((await signOff(bearer(dashboard.tokens.signoff), body, 'no-such-run')).statusCode).toBe(
      404,
    )
  })

  test('a malformed sign-off is 400', async () => {
    const token = bearer(dashboard.tokens.signoff)
    expect((await signOff(token, { gate: 'alphanet' })).statusCode).toBe(400)
    expect((await signOff(token, { ...body, by: 'a\u0000b' })).statusCode).toBe(400)
    expect((await signOff(token, { ...body, decision: 'promote' })).statusCode).toBe(400)
    expect((await signOff(token, { ...body, notes: 'x'.repeat(20_000) })).statusCode).toBe(413)
  })

  test('a promotable gate is signed off with who, when and the results digest, once', async () => {
    const response = await signOff(bearer(dashboard.tokens.signoff), body)
    expect(response.statusCode, response.body).toBe(201)
    const stored = await dashboard.store.getRun(runId)
    const expected = {
      runId,
      gate: 'alphanet',
      by: 'A. Rivera (Platforms)',
      at: signedAt.toISOString(),
      digest: stored?.meta.digest,
      decision: 'promote',
      notes: 'Promote to betanet.',
    }
    expect(response.json()).toEqual(expected)
    expect(await dashboard.store.signoffsOf(runId)).toEqual([expected])
    const again = await signOff(bearer(dashboard.tokens.pushAndSignoff), body)
    expect(again.statusCode).toBe(409)
    const page = await dashboard.app.inject(`/runs/${runId}/gates/alphanet`)
    expect(page.body).toContain('Signed off</span> by <b>A. Rivera (Platforms)</b>')
    expect(page.body).not.toContain('id="signoff-form"')
  })
})

describe('push', () => {
  const pushed = fixtureRun({
    id: '20261121T090000Z-b1b1b1',
    startedAt: '2026-11-21T09:00:00.000Z',
  })

  test('needs a token with the push scope', async () => {
    expect((await push({}, { results: pushed })).statusCode).toBe(401)
    expect((await push(bearer(dashboard.tokens.signoff), { results: pushed })).statusCode).toBe(403)
    expect(await storedRunIds()).toEqual([runId])
  })

  test('stores the run, redacted, with its release and branch, and answers its summary', async () => {
    const withSecret = structuredClone(pushed)
    const secretUrl = 'https://ci:hunter2-secret@rpc.example.org/?token=abcdef123456'
    withSecret.health[0] = {
      check: 'rpc-reachable',
      chain: 'l1',
      ok: true,
      detail: `via ${secretUrl}`,
    }
    const response = await push(bearer(dashboard.tokens.push), {
      results: withSecret,
      release: 'v1.9.0-rc.2',
      branch: 'release/1.9',
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({
      id: pushed.run.id,
      meta: { source: 'push', release: 'v1.9.0-rc.2', branch: 'release/1.9' },
    })
    const stored = await dashboard.store.getRun(pushed.run.id)
    expect(stored?.results.health[0]?.detail).toBe(
      'via https://[REDACTED]@rpc.example.org/?token=[REDACTED]',
    )
    // The same results again: the stored run answers; other results under its id: refused.
    expect((await push(bearer(dashboard.tokens.push), { results: withSecret })).statusCode).toBe(
      200,
    )
    const other = structuredClone(withSecret)
    other.run.finishedAt = '2026-11-21T10:00:00.000Z'
    const conflict = await push(bearer(dashboard.tokens.push), { results: other })
    expect(conflict.statusCode).toBe(409)
  })

  test('malformed pushes are 4xx and leave the store unchanged', async () => {
    const before = await storedRunIds()
    const token = bearer(dashboard.tokens.push)
    const cases = [
      { payload: '{"results": ', status: 400 },
      { payload: { results: { schemaVersion: 2 } }, status: 400 },
      { payload: { results: pushed, extra: true }, status: 400 },
      {
        payload: { results: { ...pushed, run: { ...pushed.run, id: '../../etc/passwd' } } },
        status: 400,
      },
      { payload: { results: { ...pushed, run: { ...pushed.run, id: '..' } } }, status: 400 },
      { payload: [], status: 400 },
    ]
    for (const { payload, status } of cases) {
      const response = await push(token, payload)
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status)
      expect(response.json().message).not.toMatch(/at .*\.ts:\d+/)
    }
    const wrongType = await dashboard.app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: { ...token, 'content-type': 'text/plain' },
      payload: JSON.stringify({ results: pushed }),
    })
    expect(wrongType.statusCode).toBe(400)
    const invalid = await push(token, {
      results: { ...pushed, run: { ...pushed.run, id: '../x' } },
    })
    expect(invalid.json().message).toContain('body: results.run.id: expected a run id')
    expect(await storedRunIds()).toEqual(before)
  })

  test('an oversized push is 413 and leaves the store unchanged', async () => {
    const before = await storedRunIds()
    const huge = fixtureRun({
      id: '20261121T100000Z-c2c2c2',
      startedAt: '2026-11-21T10:00:00.000Z',
    })
    const big = huge.tests[0]
    if (big !== undefined) big.error = { message: 'x'.repeat(33 * 1024 * 1024) }
    const response = await push(bearer(dashboard.tokens.push), { results: huge })
    expect(response.statusCode).toBe(413)
    expect(await storedRunIds()).toEqual(before)
  })
})

describe('reads from another machine', () => {
  test('need a token; any valid token will do', async () => {
    const remote = { remoteAddress: '10.1.2.3' }
    for (const url of ['/', '/api/runs', `/runs/${runId}`, '/api/live', '/nowhere']) {
      const response = await dashboard.app.inject({ method: 'GET', url, ...remote })
      expect(response.statusCode, url).toBe(401)
    }
    const withToken = await dashboard.app.inject({
      method: 'GET',
      url: '/api/runs',
      headers: bearer(dashboard.tokens.push),
      ...remote,
    })
    expect(withToken.statusCode).toBe(200)
    const wrong = await dashboard.app.inject({
      method: 'GET',
      url: '/api/runs',
      headers: bearer(`sbx_${'1'.repeat(64)}`),
      ...remote,
    })
    expect(wrong.statusCode).toBe(401)
  })

  test('a forwarded header does not make a request local', async () => {
    const response = await dashboard.app.inject({
      method: 'GET',
      url: '/api/runs',
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    })
    expect(response.statusCode).toBe(401)
  })
})

describe('path traversal', () => {
  // Over a real socket: inject() resolves dot segments (%2e%2e) the way URL
  // parsers do, which a raw HTTP request does not.
  let origin: URL
  beforeAll(async () => {
    origin = new URL(await dashboard.app.listen({ host: '127.0.0.1', port: 0 }))
  })

  function rawGet(path: string): Promise<{ statusCode: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.get({ host: origin.hostname, port: origin.port, path }, (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          body += chunk
        })
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body }))
      })
      request.on('error', reject)
    })
  }

  const attempts = [
    '/runs/..%2F..%2Fetc%2Fpasswd',
    '/runs/%2e%2e',
    '/runs/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd/gates/alphanet',
    `/runs/${runId}/gates/..%2F..%2Fetc`,
    `/runs/${runId}/gates/%2e%2e/readiness.md`,
    '/api/runs/..%2F..%2Fetc%2Fpasswd',
    '/api/runs/%2e%2e%2f/signoffs',
    '/teams/..%2F..%2Fetc%2Fpasswd',
    '/api/teams/..',
    '/live/..%2F..%2Fetc%2Fpasswd',
    '/api/live/%2e%2e',
    '/assets/..%2F..%2F..%2Fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/compare?head=..%2F..%2Fetc%2Fpasswd',
    '/..%2F..%2Fpackage.json',
    '/runs/../../etc/passwd',
    '/assets/../../package.json',
  ]
  test.each(attempts)('%s is refused with 4xx', async (url) => {
    const response = await rawGet(url)
    expect(response.statusCode).toBeGreaterThanOrEqual(400)
    expect(response.statusCode).toBeLessThan(500)
    expect(response.body).not.toContain('root:')
    expect(response.body).not.toContain('"name": "signalbox"')
  })
})
