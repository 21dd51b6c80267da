import { describe, expect, test } from 'vitest'
import { HealthLedger } from './HealthWatch.js'

const start = new Date('2026-11-30T12:00:00.000Z')
const at = (ms: number) => new Date(start.getTime() + ms)

function ledger(haltAfterMs?: number) {
  return new HealthLedger(
    [
      {
        name: 'l2',
        nodes: [{ name: 'seq', rpcUrl: 'http://127.0.0.1:1' }],
        ...(haltAfterMs === undefined ? {} : { haltAfterMs }),
      },
    ],
    { downAfterMs: 3_000, startedAt: start },
  )
}

const node = { chain: 'l2', node: 'seq' }
const checksOf = (watched: HealthLedger, ms: number) =>
  watched.checks(at(ms)).map(({ check, ok }) => [check, ok])

describe('HealthLedger', () => {
  test('a node that answers and a head that moves: both checks pass, saying what was seen', () => {
    const watched = ledger(5_000)
    for (let ms = 0; ms <= 10_000; ms += 1_000) {
      watched.observe({ ...node, at: at(ms), head: BigInt(ms / 1_000) })
      watched.tick(at(ms))
    }
    expect(watched.checks(at(10_000))).toEqual([
      {
        check: 'rpc-answering-during-run',
        chain: 'l2',
        node: 'seq',
        ok: true,
        detail: 'answered 11 polls over 10.0 s',
      },
      {
        check: 'head-advancing-during-run',
        chain: 'l2',
        ok: true,
        detail: 'head 0 → 10 over 10.0 s',
      },
    ])
  })

  test('a node failing every poll for 3 s is down from its first failure, with the tests running then, even if it comes back', () => {
    const watched = ledger()
    watched.observe({ ...node, at: at(0), head: 5n })
    watched.observe({ ...node, at: at(1_000), error: 'ECONNREFUSED' }, ['a > one', 'a > two'])
    watched.observe({ ...node, at: at(2_500), error: 'ECONNREFUSED' }, ['a > three'])
    watched.observe({ ...node, at: at(4_000), error: 'no answer in time' })
    watched.observe({ ...node, at: at(5_000), head: 6n })
    const [check] = watched.checks(at(6_000))
    expect(check?.ok).toBe(false)
    expect(check?.detail).toBe(
      'stopped answering at 2026-11-30T12:00:01.000Z (ECONNREFUSED); tests running then: a > one, a > two',
    )
  })

  test('a failure shorter than 3 s that recovers is no finding; one still failing at the end is', () => {
    const blip = ledger()
    blip.observe({ ...node, at: at(0), error: 'ECONNREFUSED' })
    blip.observe({ ...node, at: at(2_000), head: 1n })
    expect(checksOf(blip, 3_000)).toEqual([['rpc-answering-during-run', true]])

    const diedAtTheEnd = ledger()
    diedAtTheEnd.observe({ ...node, at: at(0), head: 1n })
    diedAtTheEnd.observe({ ...node, at: at(1_000), error: 'ECONNREFUSED' })
    expect(checksOf(diedAtTheEnd, 1_000)).toEqual([['rpc-answering-during-run', false]])
    expect(diedAtTheEnd.checks(at(1_000))[0]?.detail).toContain('; no test was running')
  })

  test('a head still for the halt time is a halt from its last move; a chain that mines on demand is not judged by its head', () => {
    const halting = ledger(5_000)
    halting.observe({ ...node, at: at(0), head: 7n })
    halting.observe({ ...node, at: at(1_000), head: 8n })
    for (let ms = 2_000; ms <= 5_000; ms += 1_000) {
      halting.observe({ ...node, at: at(ms), head: 8n })
      halting.tick(at(ms))
    }
    expect(checksOf(halting, 5_000)).toEqual([
      ['rpc-answering-during-run', true],
      ['head-advancing-during-run', true],
    ])
    halting.observe({ ...node, at: at(6_000), head: 8n })
    halting.tick(at(6_000), ['b > waits for a block'])
    const halted = halting.checks(at(6_000))[1]
    expect(halted?.ok).toBe(false)
    expect(halted?.detail).toBe(
      'head stopped at 8 at 2026-11-30T12:00:01.000Z (no new block for 5000 ms); tests running then: b > waits for a block',
    )

    const onDemand = ledger()
    for (let ms = 0; ms <= 60_000; ms += 1_000) {
      onDemand.observe({ ...node, at: at(ms), head: 3n })
      onDemand.tick(at(ms))
    }
    expect(checksOf(onDemand, 60_000)).toEqual([['rpc-answering-during-run', true]])
  })

  test('a long list of running tests is cut after five', () => {
    const watched = ledger()
    const running = Array.from({ length: 8 }, (_, index) => `t${index}`)
    watched.observe({ ...node, at: at(0), error: 'ECONNREFUSED' }, running)
    expect(watched.checks(at(0))[0]?.detail).toContain(
      'tests running then: t0, t1, t2, t3, t4 and 3 more',
    )
  })
})

test('a chain none of whose nodes answers is down, not also halted', () => {
  const watched = ledger(5_000)
  watched.observe({ ...node, at: at(0), head: 1n })
  for (let ms = 1_000; ms <= 10_000; ms += 1_000) {
    watched.observe({ ...node, at: at(ms), error: 'ECONNREFUSED' })
    watched.tick(at(ms))
  }
  expect(checksOf(watched, 10_000)).toEqual([
    ['rpc-answering-during-run', false],
    ['head-advancing-during-run', true],
  ])
})
