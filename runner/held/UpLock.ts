import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFilesAtomically } from '../files/AtomicFiles.js'
import { heldDevnetDir } from '../files/Workspace.js'
import { identityOf, isRunning, type ProcessIdentity } from '../process/ProcessIdentity.js'

/**
 * `devnet up` is one per folder: the lock `.signalbox/devnet/up.lock` names
 * the process that holds (or is starting) the folder's devnet, by pid and
 * start time. It is created exclusively (`wx`), so of two `devnet up` at once
 * one gets it; a lock whose process no longer runs is stale and taken over.
 * The holder removes it with the rest of `.signalbox/devnet/` when it stops.
 */

const LockOwner = z.object({
  pid: z.number().int().positive(),
  startTime: z.string().regex(/^\d+$/),
  since: z.string(),
})
export type LockOwner = z.infer<typeof LockOwner>

const lockName = 'up.lock'
const lockPath = (cwd: string) => join(heldDevnetDir(cwd), lockName)

/** The lock's owner as its text says, or undefined when the text is not a lock (cut short, edited). */
export function parseLock(text: string): LockOwner | undefined {
  try {
    const parsed = LockOwner.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export type LockAttempt =
  | { taken: true; tookOverFrom?: LockOwner }
  | { taken: false; owner: LockOwner }

/**
 * Takes the folder's `devnet up` lock for this process, or says who has it.
 * A lock whose owner no longer runs (or that cannot be read) is removed and
 * taken. `.signalbox/devnet/` must exist.
 */
export async function takeUpLock(cwd: string): Promise<LockAttempt> {
  const me = identityOf(process.pid) ?? { pid: process.pid, startTime: '0' }
  const content = `${JSON.stringify({ ...me, since: new Date().toISOString() })}\n`
  let tookOverFrom: LockOwner | undefined
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockPath(cwd), content, { flag: 'wx' })
      return tookOverFrom ? { taken: true, tookOverFrom } : { taken: true }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const text = await readFile(lockPath(cwd), 'utf8').catch(() => undefined)
    if (text === undefined) continue
    const owner = parseLock(text)
    if (owner && isRunning(owner)) return { taken: false, owner }
    // Stale: its owner died without removing it (SIGKILL), or it is unreadable.
    if (owner) tookOverFrom = owner
    await rm(lockPath(cwd), { force: true })
  }
  const text = await readFile(lockPath(cwd), 'utf8').catch(() => '')
  const owner = parseLock(text)
  if (owner) return { taken: false, owner }
  throw new Error(`could not take ${lockPath(cwd)}`)
}

/** Hands the lock this process holds over to `owner` (the holder it spawned). */
export async function handOverUpLock(cwd: string, owner: ProcessIdentity): Promise<void> {
  await writeFilesAtomically(heldDevnetDir(cwd), {
    [lockName]: `${JSON.stringify({ ...owner, since: new Date().toISOString() })}\n`,
  })
}

/** Removes the lock (a `devnet up` that failed). */
export async function releaseUpLock(cwd: string): Promise<void> {
  await rm(lockPath(cwd), { force: true })
}
