import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { heldDevnetDir } from '../files/Workspace.js'
import { identityOf, isAlive } from '../process/ProcessIdentity.js'
import { heldDevnetPaths, readDevnetState, readDevnetStateFile } from './HeldDevnet.js'

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

describe('readDevnetState', () => {
  test.each([
    ['cut short', '{"pid": 12'],
    ['not JSON at all', '\u0000\u0001garbage'],
    ['the wrong shape', '{"pid": "me"}'],
  ])('a state file %s names no holder, and does not throw', async (_, content) => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-held-'))
    await mkdir(heldDevnetDir(cwd), { recursive: true })
    await writeFile(heldDevnetPaths(cwd).state, content)
    await expect(readDevnetState(cwd)).resolves.toBeUndefined()
  })

  test('a state file whose holder runs (same pid and start time) names it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-held-'))
    await mkdir(heldDevnetDir(cwd), { recursive: true })
    const state = {
      pid: process.pid,
      pidStartTime: identityOf(process.pid)?.startTime,
      spec: 'embedded',
      backend: 'embedded',
      startedAt: 'now',
    }
    await writeFile(heldDevnetPaths(cwd).state, JSON.stringify(state))
    await expect(readDevnetState(cwd)).resolves.toEqual(state)
  })

  test.each([
    ['another start time', (startTime: string) => `${startTime}0`],
    ['no start time, and a command line that is no holder’s', () => undefined],
  ])(
    'a state naming a live process with %s names no holder (a reused pid)',
    async (_, startTimeOf) => {
      const cwd = await mkdtemp(join(tmpdir(), 'signalbox-held-'))
      await mkdir(heldDevnetDir(cwd), { recursive: true })
      const pidStartTime = startTimeOf(identityOf(process.pid)?.startTime ?? '1')
      const state = {
        pid: process.pid,
        pidStartTime,
        spec: 'embedded',
        backend: 'embedded',
        startedAt: 'now',
      }
      await writeFile(heldDevnetPaths(cwd).state, JSON.stringify(state))
      await expect(readDevnetState(cwd)).resolves.toBeUndefined()
      await expect(readDevnetStateFile(cwd)).resolves.toMatchObject({ pid: process.pid })
    },
  )
})
