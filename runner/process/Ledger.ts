import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { keyOf, listenToStarts, type StartedThing } from '../../devnet/Started.js'
import { writeFilesAtomically } from '../files/AtomicFiles.js'
import { ensureWorkspace, startedDir } from '../files/Workspace.js'
import { identityOf, type ProcessIdentity } from './ProcessIdentity.js'

/**
 * The ledger: what one signalbox process started and has not stopped yet
 * (anvil processes, testcontainers devnets), one file per signalbox process
 * in `.signalbox/started/`, named by its pid and start time. Written as each
 * thing starts and stops; removed once nothing is left. A signalbox process
 * that dies without stopping what it started (SIGKILL, a crash) leaves its
 * file behind, and the next command in the folder removes what it names (see
 * Leftovers).
 */

const Identity = z.object({
  pid: z.number().int().positive(),
  startTime: z.string().regex(/^\d+$/),
})

export const LedgerEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('process'), name: z.string(), ...Identity.shape }),
  z.object({
    kind: z.literal('containers'),
    devnetId: z.string().regex(/^[\w.-]+$/),
    networkId: z
      .string()
      .regex(/^[\w.-]+$/)
      .optional(),
  }),
])
export type LedgerEntry = z.infer<typeof LedgerEntry>

export const Ledger = z.object({
  owner: Identity,
  /** The command the owner ran, e.g. `run` or `devnet up`. */
  command: z.string(),
  startedAt: z.string(),
  entries: z.array(LedgerEntry),
})
export type Ledger = z.infer<typeof Ledger>

/** The ledger a file holds, or undefined when the text is not one (cut short, edited, garbage). */
export function parseLedger(text: string): Ledger | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const parsed = Ledger.safeParse(json)
  return parsed.success ? parsed.data : undefined
}

/** The name of an owner's ledger file. */
export function ledgerFileName(owner: ProcessIdentity): string {
  return `${owner.pid}-${owner.startTime}.json`
}

/** The ledger files in `cwd` (paths), oldest name first; none when the folder is absent. */
export async function ledgerFiles(cwd: string): Promise<string[]> {
  const dir = startedDir(cwd)
  const names = await readdir(dir).catch(() => [] as string[])
  return names
    .filter((name) => /^\d+-\d+\.json$/.test(name))
    .sort()
    .map((name) => join(dir, name))
}

/** Reads a ledger file: the ledger, `corrupt`, or undefined when the file is gone. */
export async function readLedgerFile(path: string): Promise<Ledger | 'corrupt' | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  return parseLedger(text) ?? 'corrupt'
}

/** The entry a started thing is written as; undefined for a process that has already exited. */
export function entryOf(thing: StartedThing): LedgerEntry | undefined {
  if (thing.kind === 'containers') return { ...thing }
  const identity = identityOf(thing.pid)
  return identity ? { kind: 'process', name: thing.name, ...identity } : undefined
}

export interface LedgerKeeper {
  /** The pids of the processes this ledger lists now. */
  pids(): number[]
  /** Waits for the writes under way; stops listening. */
  close(): Promise<void>
}

/**
 * Keeps this process's ledger in `cwd` from now on: every start and stop the
 * devnet backends announce is written (atomically, one write at a time).
 * Without /proc a process's identity cannot be recorded, and nothing is kept.
 */
export function keepLedger(cwd: string, command: string): LedgerKeeper {
  const owner = identityOf(process.pid)
  const entries = new Map<string, LedgerEntry>()
  if (!owner) return { pids: () => [], close: async () => {} }
  const name = ledgerFileName(owner)
  const startedAt = new Date().toISOString()
  let writing: Promise<void> = Promise.resolve()
  const write = () => {
    const snapshot = [...entries.values()]
    writing = writing
      .then(async () => {
        if (snapshot.length === 0) {
          await rm(join(startedDir(cwd), name), { force: true })
          return
        }
        await ensureWorkspace(cwd)
        const ledger: Ledger = { owner, command, startedAt, entries: snapshot }
        await writeFilesAtomically(startedDir(cwd), {
          [name]: `${JSON.stringify(ledger, null, 2)}\n`,
        })
      })
      // A ledger that cannot be written must not end the run; the start still stops what it started.
      .catch(() => {})
  }
  const unlisten = listenToStarts({
    started(thing) {
      const entry = entryOf(thing)
      if (!entry) return
      entries.set(keyOf(thing), entry)
      write()
    },
    stopped(thing) {
      if (entries.delete(keyOf(thing))) write()
    },
  })
  return {
    pids: () =>
      [...entries.values()].flatMap((entry) => (entry.kind === 'process' ? [entry.pid] : [])),
    close: async () => {
      unlisten()
      await writing
    },
  }
}
