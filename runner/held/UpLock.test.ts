import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { heldDevnetDir } from '../files/Workspace.js'
import { identityOf } from '../process/ProcessIdentity.js'
import { handOverUpLock, parseLock, releaseUpLock, takeUpLock } from './UpLock.js'

async function folder(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'signalbox-uplock-'))
  await mkdir(heldDevnetDir(cwd), { recursive: true })
  return cwd
}
const lockFile = (cwd: string) => join(heldDevnetDir(cwd), 'up.lock')

describe('takeUpLock', () => {
  test('the first takes it; while its owner runs, the next is told who has it', async () => {
    const cwd = await folder()
    expect(await takeUpLock(cwd)).toEqual({ taken: true })
    const second = await takeUpLock(cwd)
    expect(second.taken).toBe(false)
    expect(!second.taken && second.owner.pid).toBe(process.pid)
    await releaseUpLock(cwd)
    expect((await takeUpLock(cwd)).taken).toBe(true)
    await rm(cwd, { recursive: true, force: true })
  })

  test('a lock whose owner died is stale and taken over', async () => {
    const cwd = await folder()
    const child = spawn('sleep', ['300'])
    const owner = identityOf(child.pid ?? 0)
    if (!owner) throw new Error('sleep did not start')
    await handOverUpLock(cwd, owner)
    expect((await takeUpLock(cwd)).taken).toBe(false)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    const attempt = await takeUpLock(cwd)
    expect(attempt).toMatchObject({ taken: true, tookOverFrom: { pid: owner.pid } })
    expect(parseLock(await readFile(lockFile(cwd), 'utf8'))?.pid).toBe(process.pid)
    await rm(cwd, { recursive: true, force: true })
  })

  test('a lock naming a live process with another start time (a reused pid) is stale', async () => {
    const cwd = await folder()
    await writeFile(lockFile(cwd), JSON.stringify({ pid: process.pid, startTime: '1', since: 'x' }))
    expect((await takeUpLock(cwd)).taken).toBe(true)
    await rm(cwd, { recursive: true, force: true })
  })

  test.each([
    ['cut short', '{"pid": 1'],
    ['garbage', '\u0000'],
  ])('a lock file %s is taken over, not a crash', async (_, text) => {
    const cwd = await folder()
    await writeFile(lockFile(cwd), text)
    expect(await takeUpLock(cwd)).toEqual({ taken: true })
    await rm(cwd, { recursive: true, force: true })
  })
})
