import { describe, expect, test } from 'vitest'
import type { ProcStat } from './ProcessIdentity.js'
import { describeStrays, strayPids } from './Strays.js'

const proc = (pid: number, ppid: number): ProcStat => ({
  pid,
  ppid,
  state: 'S',
  pgrp: pid,
  session: pid,
  startTime: '1',
})

describe('strayPids', () => {
  // 1 init; 100 signalbox; 101 its child, 102 a grandchild; 200 unrelated; 300 an orphan handed to init.
  const stats = [
    proc(1, 0),
    proc(100, 1),
    proc(101, 100),
    proc(102, 101),
    proc(200, 1),
    proc(300, 1),
  ]

  test('every descendant of the root, at any depth, and nothing else', () => {
    expect(strayPids(stats, 100, new Set())).toEqual([101, 102])
  })

  test('a marked process counts even when init is its parent; a marked pid that is gone does not', () => {
    expect(strayPids(stats, 100, new Set([300, 999]))).toEqual([101, 102, 300])
  })

  test('excluded pids and the root itself are never strays', () => {
    expect(strayPids(stats, 100, new Set([100]), new Set([101]))).toEqual([102])
  })

  test('a parent loop (pids reused mid-scan) does not hang', () => {
    expect(strayPids([proc(100, 1), proc(5, 6), proc(6, 5), proc(7, 100)], 100, new Set())).toEqual(
      [7],
    )
  })
})

describe('describeStrays', () => {
  test('says nothing when nothing was left; names each process otherwise', () => {
    expect(describeStrays([])).toEqual([])
    expect(describeStrays([{ pid: 7, command: 'sleep 300' }])).toMatchInlineSnapshot(`
      [
        "signalbox: warning: the suites left 1 process running; ended: pid 7 (sleep 300)",
      ]
    `)
  })
})
