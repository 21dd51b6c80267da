import { readdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { removeLeftoverContainers } from '../../devnet/backends/Testcontainers.js'
import { writeFilesAtomically } from '../files/AtomicFiles.js'
import { startedDir } from '../files/Workspace.js'
import { type Ledger, type LedgerEntry, ledgerFiles, readLedgerFile } from './Ledger.js'
import { isRunning, readProcStat } from './ProcessIdentity.js'

/**
 * What signalbox processes that died (SIGKILL, a crash, a power cut) left
 * running in a folder, found through their ledgers and removed by the next
 * command there.
 */

/** What was removed of one dead signalbox process's leftovers, for the terminal. */
export interface Reaped {
  owner: Ledger['owner']
  command: string
  startedAt: string
  /** Names of the processes killed, e.g. `anvil l1`. */
  processes: string[]
  /** Testcontainers devnets removed, with how many containers each had left. */
  containerDevnets: Array<{ devnetId: string; containers: number }>
  /** What could not be removed (Docker unreachable, say): kept in the ledger for the next command. */
  failures: string[]
}

export interface ReapOptions {
  /** Removes a testcontainers devnet's containers and network; returns how many containers there were. Default: through Docker. */
  removeContainers?: (devnetId: string, networkId?: string) => Promise<number>
}

/**
 * Removes what every signalbox process that no longer runs left in `cwd`'s
 * ledgers: kills its processes that are still the ones it started (same pid
 * and start time: a pid reused since is left alone), removes its containers
 * and their networks, and deletes its ledger. Ledgers of running processes
 * are left alone; a corrupt ledger is removed (it names nothing that can be
 * checked) and reported. Never throws for what it finds on disk.
 */
export async function reapLeftovers(
  cwd: string,
  options: ReapOptions = {},
): Promise<{ reaped: Reaped[]; corrupt: string[] }> {
  const removeContainers = options.removeContainers ?? removeLeftoverContainers
  const reaped: Reaped[] = []
  const corrupt: string[] = []
  for (const path of await ledgerFiles(cwd)) {
    const ledger = await readLedgerFile(path)
    if (ledger === undefined) continue
    if (ledger === 'corrupt') {
      corrupt.push(basename(path))
      await rm(path, { force: true })
      continue
    }
    if (ledger.owner.pid === process.pid || isRunning(ledger.owner)) continue
    const result: Reaped = {
      owner: ledger.owner,
      command: ledger.command,
      startedAt: ledger.startedAt,
      processes: [],
      containerDevnets: [],
      failures: [],
    }
    const kept: LedgerEntry[] = []
    for (const entry of ledger.entries) {
      if (entry.kind === 'process') {
        if (await killIfStill(entry)) result.processes.push(entry.name)
        continue
      }
      try {
        const containers = await removeContainers(entry.devnetId, entry.networkId)
        if (containers > 0) result.containerDevnets.push({ devnetId: entry.devnetId, containers })
      } catch (error) {
        kept.push(entry)
        result.failures.push(
          `testcontainers devnet ${entry.devnetId}: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
    if (kept.length === 0) await rm(path, { force: true })
    else
      await writeFilesAtomically(startedDir(cwd), {
        [basename(path)]: `${JSON.stringify({ ...ledger, entries: kept }, null, 2)}\n`,
      }).catch(() => {})
    if (result.processes.length + result.containerDevnets.length + result.failures.length > 0)
      reaped.push(result)
  }
  await removeDeadPartials(cwd)
  return { reaped, corrupt }
}

/** Kills the process if it is still the one recorded; whether it was. Waits until it is gone. */
async function killIfStill(entry: LedgerEntry & { kind: 'process' }): Promise<boolean> {
  if (!isRunning(entry)) return false
  try {
    process.kill(entry.pid, 'SIGKILL')
  } catch {
    return false
  }
  // Gone once it is no longer listed (a zombie reaped by init counts as gone).
  const deadline = Date.now() + 5_000
  while (isRunning(entry) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  return true
}

/** Half-written ledger files of writers that died mid-write. */
async function removeDeadPartials(cwd: string): Promise<void> {
  const dir = startedDir(cwd)
  const names = await readdir(dir).catch(() => [] as string[])
  await Promise.all(
    names.map(async (name) => {
      const writer = /\.partial-(\d+)-/.exec(name)?.[1]
      if (writer && !readProcStat(Number(writer))) await rm(join(dir, name), { force: true })
    }),
  )
}

/** What the terminal says of what was removed: one line per dead signalbox process, and one per corrupt ledger. */
export function describeReaped(result: { reaped: Reaped[]; corrupt: string[] }): string[] {
  const lines = result.reaped.map((reaped) => {
    const parts: string[] = []
    if (reaped.processes.length > 0)
      parts.push(
        `${reaped.processes.length} ${reaped.processes.length === 1 ? 'process' : 'processes'} (${reaped.processes.join(', ')})`,
      )
    for (const devnet of reaped.containerDevnets)
      parts.push(
        `testcontainers devnet ${devnet.devnetId} (${devnet.containers} ${devnet.containers === 1 ? 'container' : 'containers'} and its network)`,
      )
    const who = `signalbox ${reaped.command} (pid ${reaped.owner.pid}, started ${reaped.startedAt}), which ended without stopping them`
    const removed = parts.length > 0 ? `removed ${parts.join(' and ')} left by ${who}` : ''
    const failed =
      reaped.failures.length > 0
        ? `could not remove what ${parts.length > 0 ? 'else ' : ''}pid ${reaped.owner.pid} left (${reaped.failures.join('; ')}); the next command tries again`
        : ''
    return `signalbox: ${[removed, failed].filter(Boolean).join('; ')}`
  })
  for (const name of result.corrupt)
    lines.push(
      `signalbox: removed the unreadable ledger .signalbox/started/${name}; what it listed (if anything) could not be checked`,
    )
  return lines
}
