import { readFileSync } from 'node:fs'

/**
 * Which process a pid names. A pid alone is not an identity: the kernel hands
 * a freed pid to the next process. A pid with the time its process started
 * (field 22 of /proc/<pid>/stat, in clock ticks since boot) is: no two
 * processes with one pid start at the same tick.
 */
export interface ProcessIdentity {
  pid: number
  /** Field 22 of /proc/<pid>/stat, as text (it can exceed 2^53 on a long uptime). */
  startTime: string
}

/** The fields of /proc/<pid>/stat signalbox reads. */
export interface ProcStat {
  pid: number
  /** One letter: R, S, D, Z (zombie), T… */
  state: string
  ppid: number
  /** Process group id. */
  pgrp: number
  /** Session id. */
  session: number
  startTime: string
}

/**
 * Parses the text of /proc/<pid>/stat; undefined when it is not one. The
 * command name (field 2) is in parentheses and may hold spaces and
 * parentheses itself, so the fields after it are counted from its last `)`.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf(' (')
  const close = text.lastIndexOf(')')
  if (open <= 0 || close < open) return undefined
  const pid = Number(text.slice(0, open))
  // Fields 3 onwards: state is field 3, so field n is at index n - 3.
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/)
  const field = (n: number) => rest[n - 3]
  const state = field(3)
  const numbers = [field(4), field(5), field(6)].map(Number)
  const startTime = field(22)
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined
  if (!state || !/^[A-Za-z]$/.test(state)) return undefined
  if (numbers.some((value) => !Number.isSafeInteger(value) || value < 0)) return undefined
  if (!startTime || !/^\d+$/.test(startTime)) return undefined
  const [ppid, pgrp, session] = numbers as [number, number, number]
  return { pid, state, ppid, pgrp, session, startTime }
}

/** Whether this system has /proc (Linux); elsewhere identities cannot be checked. */
export const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat')
    return true
  } catch {
    return false
  }
})()

/** The stat of a running process, or undefined when none has this pid (or it is a zombie). */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  const stat = parseProcStat(text)
  return stat && stat.state !== 'Z' ? stat : undefined
}

/** The identity of the running process `pid`, or undefined when none runs (or /proc is absent). */
export function identityOf(pid: number): ProcessIdentity | undefined {
  const stat = readProcStat(pid)
  return stat ? { pid, startTime: stat.startTime } : undefined
}

/**
 * Whether a process with this pid runs. On Linux it reads /proc, where a
 * zombie (a process that died and was not reaped yet, common in containers)
 * counts as gone; elsewhere it asks with signal 0.
 */
export function isAlive(pid: number): boolean {
  if (hasProc) return readProcStat(pid) !== undefined
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Whether the process `identity` names still runs: same pid and same start
 * time. Without /proc, a process with the pid answering signal 0 counts.
 */
export function isRunning(identity: ProcessIdentity): boolean {
  if (!hasProc) return isAlive(identity.pid)
  return identityOf(identity.pid)?.startTime === identity.startTime
}

/** The command line of a running process, its arguments joined by spaces; '' when unreadable. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}
