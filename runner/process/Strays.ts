import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRedactor } from '../../core/index.js'
import { commandLineOf, hasProc, type ProcStat, readProcStat } from './ProcessIdentity.js'

/**
 * Processes the suites of a run started and left running (a server, a
 * `sleep`), ended when the run ends. A stray is found two ways: its chain of
 * parents leads to signalbox, or its environment carries the run's mark
 * (which it inherited from signalbox, so it is found after its parent exited
 * and it was handed to init, and also when it made a session of its own).
 */

/** The environment variable that marks every process a run's suites start. */
export const runMarkEnv = 'SIGNALBOX_RUN_MARK'

/** Marks this process's environment, inherited by everything started from now on; returns the mark. */
export function markRun(): string {
  const mark = `${process.pid}-${randomBytes(6).toString('hex')}`
  process.env[runMarkEnv] = mark
  return mark
}

/**
 * The pids among `stats` that descend from `rootPid` (by parent pid, at any
 * depth) or are in `marked`; never `rootPid` itself nor a pid in `exclude`.
 */
export function strayPids(
  stats: readonly ProcStat[],
  rootPid: number,
  marked: ReadonlySet<number>,
  exclude: ReadonlySet<number> = new Set(),
): number[] {
  const children = new Map<number, number[]>()
  for (const stat of stats) {
    const siblings = children.get(stat.ppid) ?? []
    siblings.push(stat.pid)
    children.set(stat.ppid, siblings)
  }
  const found = new Set<number>()
  const queue = [...(children.get(rootPid) ?? [])]
  while (queue.length > 0) {
    const pid = queue.pop() as number
    if (found.has(pid) || pid === rootPid) continue
    found.add(pid)
    queue.push(...(children.get(pid) ?? []))
  }
  const live = new Set(stats.map((stat) => stat.pid))
  for (const pid of marked) if (live.has(pid)) found.add(pid)
  found.delete(rootPid)
  for (const pid of exclude) found.delete(pid)
  return [...found].sort((a, b) => a - b)
}

/** The running processes of this machine (that this user can see), and those carrying `mark`. */
function scanProcesses(mark: string): { stats: ProcStat[]; marked: Set<number> } {
  const stats: ProcStat[] = []
  const marked = new Set<number>()
  const needle = `${runMarkEnv}=${mark}`
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = readProcStat(Number(name))
    if (!stat) continue
    stats.push(stat)
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8')
      if (environ.split('\0').includes(needle)) marked.add(stat.pid)
    } catch {
      // Another user's process, or gone meanwhile: not ours.
    }
  }
  return { stats, marked }
}

export interface EndedStray {
  pid: number
  /** Its command line, secrets redacted. */
  command: string
}

const strayGraceMs = 2_000

/**
 * Ends the processes the run's suites left: SIGTERM, then SIGKILL for those
 * still there after 2 s. `exclude`: pids signalbox started itself and stops
 * itself. Returns what was ended. Without /proc (not Linux), nothing.
 */
export async function endStrays(
  mark: string,
  exclude: readonly number[] = [],
): Promise<EndedStray[]> {
  if (!hasProc) return []
  const { stats, marked } = scanProcesses(mark)
  const pids = strayPids(stats, process.pid, marked, new Set(exclude))
  const redact = createRedactor({ everyHexKey: true })
  const ended: EndedStray[] = []
  for (const pid of pids) {
    const stat = readProcStat(pid)
    if (!stat) continue
    const command = redact(commandLineOf(pid)) || `pid ${pid}`
    try {
      process.kill(pid, 'SIGTERM')
      ended.push({ pid, command })
    } catch {
      // Gone meanwhile.
    }
  }
  const deadline = Date.now() + strayGraceMs
  let left = ended.filter((stray) => readProcStat(stray.pid))
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    left = left.filter((stray) => readProcStat(stray.pid))
  }
  for (const stray of left) {
    try {
      process.kill(stray.pid, 'SIGKILL')
    } catch {
      // Gone meanwhile.
    }
  }
  return ended
}

/** The terminal's warning about the processes ended. */
export function describeStrays(ended: readonly EndedStray[]): string[] {
  if (ended.length === 0) return []
  return [
    `signalbox: warning: the suites left ${ended.length} ${ended.length === 1 ? 'process' : 'processes'} running; ended: ${ended.map((stray) => `pid ${stray.pid} (${stray.command})`).join(', ')}`,
  ]
}
