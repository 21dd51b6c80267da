import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { startedDir } from '../runner/files/Workspace.js'
import { heldDevnetPaths } from '../runner/held/HeldDevnet.js'
import { type Ledger, parseLedger } from '../runner/process/Ledger.js'
import {
  commandLineOf,
  identityOf,
  isRunning,
  type ProcessIdentity,
  readProcStat,
} from '../runner/process/ProcessIdentity.js'
import { type CliRun, readResults, runCli, scratchFolders } from './cli.js'

/**
 * Nothing left behind (issue 11): each fault with real processes and
 * containers — signalbox SIGKILLed, then the next command in the folder;
 * two `devnet up` at once; a held devnet's pid reused by another process;
 * processes a suite leaves running.
 */

const exec = promisify(execFile)
const scratch = scratchFolders()
const dockerEnv = {
  SIGNALBOX_ANVIL_IMAGE: 'signalbox/anvil:local',
  TESTCONTAINERS_RYUK_DISABLED: 'true',
}

// Whatever a failed test leaves is killed after the file.
const started: ProcessIdentity[] = []
afterAll(() => {
  for (const identity of started) if (isRunning(identity)) process.kill(identity.pid, 'SIGKILL')
})

/**
 * A suite whose test says it has started (a file), then, when HOLD is set,
 * waits long enough to be killed in the middle.
 */
const holdingSuite = {
  'suites/hold/hold.accept.ts': `import { writeFileSync } from 'node:fs'
import { describe, expect, test } from 'signalbox/suite'
describe('hold', { meta: { owner: 'platforms', severity: 'SEV3' } }, () => {
  test('the chain answers', async ({ l1 }) => {
    writeFileSync(process.env.STARTED_MARKER, 'started')
    if (process.env.HOLD) await new Promise((resolve) => setTimeout(resolve, 100_000))
    expect(await l1.getChainId()).toBe(900)
  })
})
`,
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(what: string, condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** The ledgers in the folder's `.signalbox/started/`. */
function ledgers(cwd: string): Ledger[] {
  const dir = startedDir(cwd)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const ledger = parseLedger(readFileSync(join(dir, name), 'utf8'))
      return ledger ? [ledger] : []
    })
}

function processEntries(ledger: Ledger | undefined) {
  return (ledger?.entries ?? []).flatMap((entry) => (entry.kind === 'process' ? [entry] : []))
}

/** The anvil processes whose parent is `pid`, seen in /proc (not through the ledger). */
function anvilChildrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => readProcStat(child)?.ppid === pid && commandLineOf(child).includes('anvil'))
    .sort((a, b) => a - b)
}

/** Starts the CLI and resolves with the child once it is spawned, and with its end. */
function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let child: ChildProcess | undefined
  const ended = runCli(args, {
    cwd,
    env,
    onSpawn: (spawned) => {
      child = spawned
    },
  })
  return { child: child as unknown as ChildProcess, ended }
}

async function dockerIds(args: string[]): Promise<string[]> {
  const { stdout } = await exec('docker', args)
  return stdout.trim().split('\n').filter(Boolean)
}

describe('signalbox killed with SIGKILL: the next command in the folder removes what it left, and says so', () => {
  test('a run on the embedded devnet: its two anvils outlive it; the next run kills them, names them, and promotes', async () => {
    const cwd = await scratch('kill-run', holdingSuite)
    const marker = join(cwd, 'started')
    const { child, ended } = startCli(['run', '--gate', 'pr', '--out', 'out'], cwd, {
      STARTED_MARKER: marker,
      HOLD: '1',
    })
    await until('the test to start', () => existsSync(marker))
    const [ledger, ...others] = ledgers(cwd)
    expect(others).toEqual([])
    expect(ledger?.owner.pid).toBe(child.pid)
    expect(ledger?.command).toBe('run')
    const anvils = processEntries(ledger)
    expect(anvils.map((entry) => entry.name).sort()).toEqual(['anvil l1', 'anvil l2'])
    started.push(...anvils)
    // The ledger names the very processes /proc shows as the run's anvils.
    expect(anvils.map((entry) => entry.pid).sort((a, b) => a - b)).toEqual(
      anvilChildrenOf(child.pid as number),
    )

    child.kill('SIGKILL')
    const killed = await ended
    expect(killed.signal).toBe('SIGKILL')
    // Killed mid-run: no report was written.
    expect(existsSync(join(cwd, 'out', 'results.json'))).toBe(false)
    // Orphaned, not gone: this is the fault.
    for (const anvil of anvils) expect(isRunning(anvil), anvil.name).toBe(true)

    const next = await runCli(['run', '--gate', 'pr', '--out', 'out'], {
      cwd,
      env: { STARTED_MARKER: marker },
    })
    expect(next.code, next.stderr).toBe(0)
    expect(next.stderr).toMatch(
      new RegExp(
        `signalbox: removed 2 processes \\(anvil l[12], anvil l[12]\\) left by signalbox run \\(pid ${child.pid}, started [^)]+\\), which ended without stopping them`,
      ),
    )
    for (const anvil of anvils) expect(isRunning(anvil), anvil.name).toBe(false)
    const results = await readResults(join(cwd, 'out'))
    expect(results.run.complete).toBe(true)
    expect(results.tests.map((result) => result.status)).toEqual(['passed'])
    expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['promote'])
    // The second run stopped its own anvils and removed its ledger: nothing is left.
    expect(ledgers(cwd)).toEqual([])
  })

  test('a run on testcontainers: its containers and network outlive it; the next command removes them and says so', async () => {
    const cwd = await scratch('kill-containers', holdingSuite)
    const marker = join(cwd, 'started')
    const { child, ended } = startCli(
      ['run', '--devnet', 'testcontainers', '--gate', 'pr', '--out', 'out'],
      cwd,
      { ...dockerEnv, STARTED_MARKER: marker, HOLD: '1' },
    )
    await until('the test to start', () => existsSync(marker))
    const [ledger] = ledgers(cwd)
    const devnet = ledger?.entries.find((entry) => entry.kind === 'containers')
    if (devnet?.kind !== 'containers' || !devnet.networkId)
      throw new Error(
        `no testcontainers devnet with a network in the ledger: ${JSON.stringify(ledger)}`,
      )
    const byLabel = [
      'ps',
      '-a',
      '--filter',
      `label=signalbox.devnet=${devnet.devnetId}`,
      '--format',
      '{{.ID}}',
    ]
    expect(await dockerIds(byLabel)).toHaveLength(2)

    child.kill('SIGKILL')
    expect((await ended).signal).toBe('SIGKILL')
    expect(existsSync(join(cwd, 'out', 'results.json'))).toBe(false)
    expect(await dockerIds(byLabel)).toHaveLength(2)
    expect(
      await dockerIds(['network', 'ls', '--filter', `id=${devnet.networkId}`, '-q']),
    ).toHaveLength(1)

    const next = await runCli(['devnet', 'status'], { cwd, env: dockerEnv })
    expect(next.code, next.stderr).toBe(2)
    expect(next.stderr).toContain(
      `signalbox: removed testcontainers devnet ${devnet.devnetId} (2 containers and its network) left by signalbox run (pid ${child.pid}`,
    )
    expect(next.stderr).toContain('no devnet is up here')
    expect(await dockerIds(byLabel)).toEqual([])
    expect(await dockerIds(['network', 'ls', '--filter', `id=${devnet.networkId}`, '-q'])).toEqual(
      [],
    )
    expect(ledgers(cwd)).toEqual([])
  })

  test('a devnet up holder: its anvils outlive it; devnet down removes them and the stale state, and says so', async () => {
    const cwd = await scratch('kill-holder')
    const up = await runCli(['devnet', 'up'], { cwd })
    expect(up.code, up.stderr).toBe(0)
    const state = JSON.parse(await readFile(heldDevnetPaths(cwd).state, 'utf8')) as { pid: number }
    const [ledger] = ledgers(cwd)
    expect(ledger?.owner.pid).toBe(state.pid)
    expect(ledger?.command).toBe('devnet up')
    const anvils = processEntries(ledger)
    started.push(...anvils)
    expect(anvils.map((entry) => entry.pid).sort((a, b) => a - b)).toEqual(
      anvilChildrenOf(state.pid),
    )
    expect(anvils).toHaveLength(2)

    process.kill(state.pid, 'SIGKILL')
    await until('the holder to be gone', () => !readProcStat(state.pid), 10_000)
    for (const anvil of anvils) expect(isRunning(anvil), anvil.name).toBe(true)

    const down = await runCli(['devnet', 'down'], { cwd })
    expect(down.code, down.stderr).toBe(0)
    expect(down.stderr).toContain(
      `signalbox: removed 2 processes (anvil l1, anvil l2) left by signalbox devnet up (pid ${state.pid}`,
    )
    expect(down.stdout).toContain(
      `no devnet is up here: its holder (pid ${state.pid}, embedded) is no longer running; removed its state`,
    )
    for (const anvil of anvils) expect(isRunning(anvil), anvil.name).toBe(false)
    expect(existsSync(heldDevnetPaths(cwd).state)).toBe(false)
    expect(ledgers(cwd)).toEqual([])

    // The folder is usable again: a new devnet comes up and goes down.
    const again = await runCli(['devnet', 'up'], { cwd })
    expect(again.code, again.stderr).toBe(0)
    const stopped = await runCli(['devnet', 'down'], { cwd })
    expect(stopped.code, stopped.stderr).toBe(0)
    expect(stopped.stdout).toMatch(/^devnet down: embedded \(pid \d+\)$/m)
    expect(ledgers(cwd)).toEqual([])
  })
})

/** Holder processes of `cwd`, from their command lines in /proc. */
function holdersOf(cwd: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const command = commandLineOf(pid)
      return command.includes('DevnetHolder.js') && command.includes(` ${cwd} `)
    })
}

describe('devnet up is one per folder', () => {
  test('two devnet up at once: one holds the devnet, the other exits 2 naming it; down stops it and nothing is left', async () => {
    const cwd = await scratch('double-up')
    const first = startCli(['devnet', 'up'], cwd)
    const second = startCli(['devnet', 'up'], cwd)
    const runs: CliRun[] = await Promise.all([first.ended, second.ended])
    const codes = runs.map((run) => run.code).sort()
    expect(codes, runs.map((run) => run.stderr).join('\n')).toEqual([0, 2])
    const winner = runs.find((run) => run.code === 0) as CliRun
    const loser = runs.find((run) => run.code === 2) as CliRun
    const winnerChild = runs[0] === winner ? first.child : second.child
    const state = JSON.parse(await readFile(heldDevnetPaths(cwd).state, 'utf8')) as { pid: number }
    expect(winner.stdout).toContain(`devnet up: embedded (pid ${state.pid})`)
    // The loser names the process that holds the lock: the winning devnet up, or the holder it started.
    const named = /a devnet is already (?:up|starting) here\b.*?pid (\d+)/.exec(loser.stderr)
    expect(named, loser.stderr).not.toBeNull()
    expect([winnerChild.pid, state.pid]).toContain(Number(named?.[1]))
    expect(loser.stderr).toContain('signalbox devnet down')

    // One devnet runs: one holder, two anvils.
    expect(holdersOf(cwd)).toEqual([state.pid])
    const anvils = processEntries(ledgers(cwd)[0])
    started.push(...anvils)
    expect(anvils.map((entry) => entry.pid).sort((a, b) => a - b)).toEqual(
      anvilChildrenOf(state.pid),
    )
    expect(anvils).toHaveLength(2)

    const down = await runCli(['devnet', 'down'], { cwd })
    expect(down.code, down.stderr).toBe(0)
    expect(down.stdout).toContain(`devnet down: embedded (pid ${state.pid})`)
    expect(holdersOf(cwd)).toEqual([])
    for (const anvil of anvils) expect(isRunning(anvil), anvil.name).toBe(false)
    expect(ledgers(cwd)).toEqual([])
    expect(existsSync(join(cwd, '.signalbox', 'devnet'))).toBe(false)
  })

  test('devnet up while one is up exits 2, naming the holder and how to stop it', async () => {
    const cwd = await scratch('up-twice')
    const up = await runCli(['devnet', 'up'], { cwd })
    expect(up.code, up.stderr).toBe(0)
    const state = JSON.parse(await readFile(heldDevnetPaths(cwd).state, 'utf8')) as { pid: number }
    const again = await runCli(['devnet', 'up'], { cwd })
    expect(again.code).toBe(2)
    expect(again.stderr).toContain(`a devnet is already up here: embedded (pid ${state.pid})`)
    expect(again.stderr).toContain('signalbox devnet down')
    expect(holdersOf(cwd)).toEqual([state.pid])
    const down = await runCli(['devnet', 'down'], { cwd })
    expect(down.code, down.stderr).toBe(0)
    expect(holdersOf(cwd)).toEqual([])
    expect(ledgers(cwd)).toEqual([])
  })
})

describe('devnet down signals only its own holder', () => {
  test.each([
    ['a start time of its own', (identity: ProcessIdentity) => `${identity.startTime}0`],
    ['no start time (an older state file)', () => undefined],
  ])(
    'a state naming a live unrelated process (a reused pid) with %s: down leaves it running and removes the state',
    async (_, startTimeOf) => {
      const cwd = await scratch('reused-pid')
      const unrelated = spawn('sleep', ['300'], { stdio: 'ignore' })
      const identity = identityOf(unrelated.pid as number) as ProcessIdentity
      started.push(identity)
      const pidStartTime = startTimeOf(identity)
      const paths = heldDevnetPaths(cwd)
      await mkdir(join(cwd, '.signalbox', 'devnet'), { recursive: true })
      await writeFile(
        paths.state,
        JSON.stringify({
          pid: identity.pid,
          ...(pidStartTime ? { pidStartTime } : {}),
          spec: 'embedded',
          backend: 'embedded',
          startedAt: '2026-12-01T03:00:00.000Z',
        }),
      )
      const down = await runCli(['devnet', 'down'], { cwd })
      expect(down.code, down.stderr).toBe(0)
      expect(down.stdout).toContain(
        `no devnet is up here: its holder (pid ${identity.pid}, embedded) is no longer running; removed its state`,
      )
      await sleep(300)
      expect(isRunning(identity)).toBe(true)
      expect(unrelated.exitCode).toBeNull()
      expect(existsSync(paths.state)).toBe(false)
      // Nor does status or run take it for a devnet.
      const status = await runCli(['devnet', 'status'], { cwd })
      expect(status.code).toBe(2)
      expect(status.stderr).toContain('no devnet is up here')
      unrelated.kill('SIGKILL')
    },
  )
})

describe('processes a suite leaves running end with the run', () => {
  test('a child, a detached child and an orphan handed to init: all ended, with a warning; the run still promotes', async () => {
    const cwd = await scratch('strays', {
      'suites/spawn/spawn.accept.ts': `import { spawn, execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { describe, expect, test } from 'signalbox/suite'
describe('spawn', { meta: { owner: 'platforms', severity: 'SEV3' } }, () => {
  test('leaves processes behind', async ({ l1 }) => {
    const child = spawn('sleep', ['301'], { stdio: 'ignore' })
    const detached = spawn('sleep', ['302'], { stdio: 'ignore', detached: true })
    detached.unref()
    // A shell that starts sleep in the background and exits: the sleep's parent becomes init.
    const orphan = execFileSync('sh', ['-c', 'sleep 303 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }).trim()
    writeFileSync(process.env.PIDS_FILE, JSON.stringify([child.pid, detached.pid, Number(orphan)]))
    expect(await l1.getChainId()).toBe(900)
  })
})
`,
    })
    const pidsFile = join(cwd, 'pids.json')
    const run = await runCli(['run', '--gate', 'pr', '--out', 'out'], {
      cwd,
      env: { PIDS_FILE: pidsFile },
    })
    const pids = JSON.parse(await readFile(pidsFile, 'utf8')) as number[]
    expect(pids).toHaveLength(3)
    expect(run.code, run.stderr).toBe(0)
    const warning = run.stderr.split('\n').find((line) => line.includes('the suites left'))
    expect(warning, run.stderr).toMatch(
      /^signalbox: warning: the suites left 3 processes running; ended: /,
    )
    for (const [index, pid] of pids.entries()) {
      expect(warning).toContain(`pid ${pid} (sleep 30${index + 1})`)
      expect(readProcStat(pid), `pid ${pid}`).toBeUndefined()
    }
    const results = await readResults(join(cwd, 'out'))
    expect(results.run.complete).toBe(true)
    expect(results.tests.map((result) => result.status)).toEqual(['passed'])
    expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['promote'])
    expect(ledgers(cwd)).toEqual([])
  })
})
