import { describe, expect, test } from 'vitest'
import type { RunEvent } from '../../../core/index.js'
import { parseGatesFile } from '../../../gates/index.js'
import { fixtureRun } from '../../history/testing/HistoryFixtures.js'
import { createLiveClassifier } from './LiveClassifier.js'
import { LiveFeedError, LiveHub, type LiveHubOptions, type LiveViewer } from './LiveHub.js'

/** A viewer that keeps what it is sent and how it was closed. */
function recordingViewer(bufferedAmount = 0) {
  const viewer = {
    received: [] as unknown[],
    closed: undefined as { code: number | undefined; reason: string | undefined } | undefined,
    bufferedAmount,
    send(message: string) {
      viewer.received.push(JSON.parse(message))
    },
    close(code?: number, reason?: string) {
      viewer.closed = { code, reason }
    },
  } satisfies LiveViewer & Record<string, unknown>
  return viewer
}

const results = fixtureRun({
  id: 'run-1',
  startedAt: '2026-11-20T10:00:00.000Z',
  tests: [
    { name: 'deposit', status: 'passed' },
    { name: 'withdraw', status: 'failed', severity: 'SEV2' },
  ],
})
const [passing, failing] = results.tests as [(typeof results.tests)[0], (typeof results.tests)[0]]
const started: RunEvent = {
  type: 'run-started',
  runId: 'run-1',
  startedAt: results.run.startedAt,
  gates: ['alphanet'],
  backend: 'embedded',
}
const fixedNow = () => new Date('2026-11-20T10:05:00.000Z')

/** A hub with the run started and one viewer watching it. */
function watchedRun(options: LiveHubOptions = {}) {
  const hub = new LiveHub(options)
  const feed = hub.open()
  feed.publish(started)
  const viewer = recordingViewer()
  hub.watch('run-1', viewer)
  return { hub, feed, viewer }
}

describe('LiveHub', () => {
  test('a viewer gets the events so far, then each new one, and is closed when the run finishes', () => {
    const hub = new LiveHub({ now: fixedNow })
    const feed = hub.open()
    feed.publish(started)
    feed.publish({ type: 'tests-found', count: 2 })
    const viewer = recordingViewer()
    hub.watch('run-1', viewer)
    feed.publish({ type: 'test-finished', result: passing })
    feed.publish({ type: 'run-finished', results })
    expect(viewer.received.map((message) => (message as { type: string }).type)).toEqual([
      'run-started',
      'tests-found',
      'test-finished',
      'run-finished',
    ])
    expect(viewer.closed).toEqual({ code: 1000, reason: 'run finished' })
    expect(hub.list()).toEqual([])
    expect(hub.watch('run-1', recordingViewer())).toBeUndefined()
  })

  test('200 viewers of one run each receive every message, in order', () => {
    const hub = new LiveHub()
    const feed = hub.open()
    feed.publish(started)
    const viewers = Array.from({ length: 200 }, () => recordingViewer())
    for (const viewer of viewers) hub.watch('run-1', viewer)
    feed.publish({ type: 'tests-found', count: 2 })
    feed.publish({ type: 'test-finished', result: passing })
    const types = ['run-started', 'tests-found', 'test-finished']
    for (const viewer of viewers) {
      expect(viewer.received.map((message) => (message as { type: string }).type)).toEqual(types)
    }
  })

  test('a failing test is followed by its classification; the summary counts it', () => {
    const gates = parseGatesFile(
      {
        version: 1,
        severityRules: [{ id: 'withdrawals', match: { tests: ['**withdraw'] }, severity: 'SEV0' }],
        gates: { alphanet: { description: 'first' } },
      },
      'gates.yaml',
    )
    const { hub, feed, viewer } = watchedRun({
      classify: createLiveClassifier(gates),
      now: fixedNow,
    })
    feed.publish({ type: 'test-finished', result: failing })
    expect(viewer.received.at(-1)).toEqual({
      type: 'finding-classified',
      testId: failing.id,
      findings: [
        { gate: 'alphanet', severity: 'SEV0', classifiedBy: 'rule withdrawals (severityRules[0])' },
      ],
    })
    expect(hub.get('run-1')).toMatchObject({
      finished: 1,
      failed: 1,
      findings: { SEV0: 1, SEV1: 0, SEV2: 0, SEV3: 0 },
      updatedAt: '2026-11-20T10:05:00.000Z',
    })
  })

  test('without a gates file, a failure is classified by its declared severity', () => {
    const { feed, viewer } = watchedRun()
    feed.publish({ type: 'test-finished', result: failing })
    expect(viewer.received.at(-1)).toMatchObject({
      findings: [{ gate: 'alphanet', severity: 'SEV2', classifiedBy: 'declared by test' }],
    })
  })

  test('refuses an event before run-started, a second run on one feed, a run id that is live', () => {
    const hub = new LiveHub()
    expect(() => hub.open().publish({ type: 'tests-found', count: 1 })).toThrow(
      'a live run starts with run-started, not tests-found',
    )
    const feed = hub.open()
    feed.publish(started)
    expect(() => feed.publish(started)).toThrow(LiveFeedError)
    expect(() => hub.open().publish(started)).toThrow('run run-1 is live already')
  })

  test('a run whose source goes away ends, and its viewers are told', () => {
    const { hub, feed, viewer } = watchedRun()
    feed.abandon()
    expect(viewer.closed).toEqual({
      code: 4410,
      reason: 'the run stopped streaming before it finished',
    })
    expect(hub.list()).toEqual([])
    expect(() => feed.publish({ type: 'tests-found', count: 1 })).toThrow('the run has ended')
  })

  test('a viewer too far behind is dropped; the others keep receiving', () => {
    const hub = new LiveHub({ maxViewerBacklog: 10 })
    const feed = hub.open()
    feed.publish(started)
    const slow = recordingViewer(11)
    const fast = recordingViewer()
    hub.watch('run-1', slow)
    hub.watch('run-1', fast)
    feed.publish({ type: 'tests-found', count: 2 })
    expect(slow.closed?.code).toBe(1013)
    expect(fast.received).toHaveLength(2)
  })

  test('a run may not send more than the message limit', () => {
    const hub = new LiveHub({ maxMessages: 2 })
    const feed = hub.open()
    feed.publish(started)
    feed.publish({ type: 'tests-found', count: 1 })
    expect(() => feed.publish({ type: 'tests-found', count: 1 })).toThrow('at most 2 messages')
  })

  test('publish feeds the run of this process; a new run-started starts a new run', () => {
    const hub = new LiveHub()
    hub.publish(started)
    hub.publish({ type: 'tests-found', count: 3 })
    expect(hub.get('run-1')?.found).toBe(3)
    hub.publish({ ...started, runId: 'run-2' })
    expect(hub.list().map((run) => run.runId)).toEqual(['run-2'])
  })
})
