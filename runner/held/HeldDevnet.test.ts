import { spawn } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { isAlive } from './HeldDevnet.js'

describe('isAlive', () => {
  test('a running process is alive; once it exited and was reaped, it is not', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'])
    const pid = child.pid ?? 0
    expect(isAlive(pid)).toBe(true)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(isAlive(pid)).toBe(false)
  })

  test('this process is alive', () => {
    expect(isAlive(process.pid)).toBe(true)
  })
})
