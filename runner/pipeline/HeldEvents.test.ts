import { describe, expect, test } from 'vitest'
import type { RunEvent } from '../../core/index.js'
import { HeldEvents } from './HeldEvents.js'

const output = (text: string): RunEvent => ({ type: 'test-output', stream: 'stdout', text })

describe('HeldEvents', () => {
  test('holds events until released, then passes them on in order, and later ones as they come', () => {
    const seen: RunEvent[] = []
    const held = new HeldEvents((event) => seen.push(event))
    held.push(output('a'))
    held.push(output('b'))
    expect(seen).toEqual([])
    held.release()
    expect(seen).toEqual([output('a'), output('b')])
    held.push(output('c'))
    expect(seen).toEqual([output('a'), output('b'), output('c')])
  })

  test('dropped: nothing held and nothing later is passed on, even if released after', () => {
    const seen: RunEvent[] = []
    const held = new HeldEvents((event) => seen.push(event))
    held.push(output('a'))
    held.drop()
    held.push(output('b'))
    held.release()
    held.push(output('c'))
    expect(seen).toEqual([])
  })
})
