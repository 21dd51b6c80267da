import { spawn } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { commandLineOf, identityOf, isRunning, parseProcStat } from './ProcessIdentity.js'

// A line of /proc/<pid>/stat as Linux writes it (fields 1–22 and more).
const line = (comm: string, state = 'S') =>
  `4242 (${comm}) ${state} 17 4242 4242 0 -1 4194560 1234 0 0 0 5 3 0 0 20 0 1 0 987654321 12345678 900 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`

describe('parseProcStat', () => {
  test('reads pid, state, parent, group, session and the start time (field 22)', () => {
    expect(parseProcStat(line('anvil'))).toEqual({
      pid: 4242,
      state: 'S',
      ppid: 17,
      pgrp: 4242,
      session: 4242,
      startTime: '987654321',
    })
  })

  test('a command name with spaces and parentheses does not shift the fields', () => {
    expect(parseProcStat(line('a) b (c) 9 9'))?.startTime).toBe('987654321')
    expect(parseProcStat(line('a) b (c) 9 9'))?.ppid).toBe(17)
  })

  test.each([
    ['empty', ''],
    ['cut short', '4242 (anvil) S 17 4242'],
    ['no parentheses', '4242 anvil S 17 4242 4242 0'],
    ['a non-numeric pid', line('anvil').replace('4242', 'abcd')],
    ['a non-numeric start time', line('anvil').replace('987654321', 'soon')],
  ])('%s text is not a stat', (_, text) => {
    expect(parseProcStat(text)).toBeUndefined()
  })
})

describe('identityOf and isRunning', () => {
  test('a running process has an identity that runs; once it exited, it does not', async () => {
    const child = spawn('sleep', ['30'])
    const pid = child.pid ?? 0
    const identity = identityOf(pid)
    expect(identity?.pid).toBe(pid)
    expect(identity && isRunning(identity)).toBe(true)
    expect(commandLineOf(pid)).toBe('sleep 30')
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(identityOf(pid)).toBeUndefined()
    expect(isRunning(identity as NonNullable<typeof identity>)).toBe(false)
  })

  test('a pid with another start time is another process (a reused pid)', () => {
    const me = identityOf(process.pid)
    expect(me).toBeDefined()
    expect(isRunning({ pid: process.pid, startTime: `${me?.startTime}1` })).toBe(false)
  })
})
