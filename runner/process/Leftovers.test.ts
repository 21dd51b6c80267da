import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { announceStarted, announceStopped } from '../../devnet/index.js'
import { startedDir } from '../files/Workspace.js'
import { keepLedger, type Ledger, ledgerFileName, parseLedger } from './Ledger.js'
import { describeReaped, reapLeftovers } from './Leftovers.js'
import { identityOf, isRunning, type ProcessIdentity } from './ProcessIdentity.js'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

function sleeper(): { child: ChildProcess; identity: ProcessIdentity } {
  const child = spawn('sleep', ['300'])
  children.push(child)
  const identity = identityOf(child.pid ?? 0)
  if (!identity) throw new Error('sleep did not start')
  return { child, identity }
}

/** The identity of a process that ran and is gone: a dead signalbox. */
async function deadOwner(): Promise<ProcessIdentity> {
  const { child, identity } = sleeper()
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
  return identity
}

async function folderWith(ledgers: Record<string, string>): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'signalbox-leftovers-'))
  await mkdir(startedDir(cwd), { recursive: true })
  for (const [name, text] of Object.entries(ledgers))
    await writeFile(join(startedDir(cwd), name), text)
  return cwd
}

const ledgerOf = (owner: ProcessIdentity, entries: Ledger['entries']): Ledger => ({
  owner,
  command: 'run',
  startedAt: '2026-12-01T03:00:00.000Z',
  entries,
})

describe('parseLedger', () => {
  test.each([
    ['cut short', '{"owner": {"pid": 12'],
    ['garbage', '\u0000\u0001'],
    ['the wrong shape', '{"owner": {"pid": "me"}, "entries": []}'],
    [
      'a container id Docker would not take',
      JSON.stringify(
        ledgerOf({ pid: 1, startTime: '1' }, [{ kind: 'containers', devnetId: 'a b; rm -rf' }]),
      ),
    ],
  ])('%s text is no ledger, and does not throw', (_, text) => {
    expect(parseLedger(text)).toBeUndefined()
  })
})

describe('reapLeftovers', () => {
  test('kills the dead owner’s processes that are still the ones it started, removes its containers and its ledger', async () => {
    const owner = await deadOwner()
    const anvil = sleeper()
    // Same pid, other start time: the pid was reused by an unrelated process.
    const reused = sleeper()
    const removed: unknown[] = []
    const name = ledgerFileName(owner)
    const cwd = await folderWith({
      [name]: JSON.stringify(
        ledgerOf(owner, [
          { kind: 'process', name: 'anvil l1', ...anvil.identity },
          { kind: 'process', name: 'anvil l2', pid: reused.identity.pid, startTime: '1' },
          { kind: 'containers', devnetId: 'ab12cd34', networkId: 'net1' },
        ]),
      ),
    })
    const result = await reapLeftovers(cwd, {
      removeContainers: async (...args) => {
        removed.push(args)
        return 2
      },
    })
    expect(isRunning(anvil.identity)).toBe(false)
    expect(isRunning(reused.identity)).toBe(true)
    expect(removed).toEqual([['ab12cd34', 'net1']])
    expect(existsSync(join(startedDir(cwd), name))).toBe(false)
    expect(describeReaped(result)).toEqual([
      `signalbox: removed 1 process (anvil l1) and testcontainers devnet ab12cd34 (2 containers and its network) left by signalbox run (pid ${owner.pid}, started 2026-12-01T03:00:00.000Z), which ended without stopping them`,
    ])
    await rm(cwd, { recursive: true, force: true })
  })

  test('leaves the ledger of a signalbox that still runs alone', async () => {
    const owner = sleeper()
    const anvil = sleeper()
    const cwd = await folderWith({
      [ledgerFileName(owner.identity)]: JSON.stringify(
        ledgerOf(owner.identity, [{ kind: 'process', name: 'anvil l1', ...anvil.identity }]),
      ),
    })
    const result = await reapLeftovers(cwd, { removeContainers: async () => 0 })
    expect(result).toEqual({ reaped: [], corrupt: [] })
    expect(isRunning(anvil.identity)).toBe(true)
    expect(await readdir(startedDir(cwd))).toEqual([ledgerFileName(owner.identity)])
    await rm(cwd, { recursive: true, force: true })
  })

  test('a corrupt ledger is removed and reported, not a crash', async () => {
    const cwd = await folderWith({ '12-34.json': '{"owner": ' })
    const result = await reapLeftovers(cwd)
    expect(describeReaped(result)).toEqual([
      'signalbox: removed the unreadable ledger .signalbox/started/12-34.json; what it listed (if anything) could not be checked',
    ])
    expect(await readdir(startedDir(cwd))).toEqual([])
    await rm(cwd, { recursive: true, force: true })
  })

  test('containers Docker cannot remove now stay in the ledger for the next command', async () => {
    const owner = await deadOwner()
    const name = ledgerFileName(owner)
    const cwd = await folderWith({
      [name]: JSON.stringify(ledgerOf(owner, [{ kind: 'containers', devnetId: 'ab12cd34' }])),
    })
    const result = await reapLeftovers(cwd, {
      removeContainers: async () => {
        throw new Error('Docker is not available')
      },
    })
    expect(describeReaped(result)[0]).toContain('could not remove what pid')
    expect(describeReaped(result)[0]).toContain('Docker is not available')
    const kept = parseLedger(await readFile(join(startedDir(cwd), name), 'utf8'))
    expect(kept?.entries).toEqual([{ kind: 'containers', devnetId: 'ab12cd34' }])
    await rm(cwd, { recursive: true, force: true })
  })

  test('a folder without .signalbox/started is nothing to do', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-leftovers-'))
    expect(await reapLeftovers(cwd)).toEqual({ reaped: [], corrupt: [] })
    expect(existsSync(join(cwd, '.signalbox'))).toBe(false)
    await rm(cwd, { recursive: true, force: true })
  })
})

describe('keepLedger', () => {
  test('writes each announced start with its identity, and removes the file once all stopped', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-ledger-'))
    const ledger = keepLedger(cwd, 'run')
    const anvil = sleeper()
    const thing = { kind: 'process' as const, name: 'anvil l1', pid: anvil.identity.pid }
    announceStarted(thing)
    announceStarted({ kind: 'containers', devnetId: 'ab12cd34' })
    announceStarted({ kind: 'containers', devnetId: 'ab12cd34', networkId: 'net1' })
    expect(ledger.pids()).toEqual([anvil.identity.pid])
    const file = join(startedDir(cwd), ledgerFileName(identityOf(process.pid) as ProcessIdentity))
    await ledger.close()
    const written = parseLedger(await readFile(file, 'utf8'))
    expect(written?.owner.pid).toBe(process.pid)
    expect(written?.entries).toEqual([
      { kind: 'process', name: 'anvil l1', ...anvil.identity },
      { kind: 'containers', devnetId: 'ab12cd34', networkId: 'net1' },
    ])
    // Closed: no longer listening.
    announceStopped(thing)
    expect(ledger.pids()).toEqual([anvil.identity.pid])

    const again = keepLedger(cwd, 'run')
    announceStarted(thing)
    announceStopped(thing)
    await again.close()
    expect(existsSync(file)).toBe(false)
    await rm(cwd, { recursive: true, force: true })
  })
})
