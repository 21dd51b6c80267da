import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The `.signalbox/` folder signalbox keeps in the working directory: every
 * run's files, vitest's cache, the devnet `devnet up` holds.
 */
function workspaceDir(cwd: string): string {
  return join(cwd, '.signalbox')
}

/**
 * Makes `.signalbox/` with a `.gitignore` of its own that ignores everything
 * in it: it holds descriptors with private keys and the history database,
 * which never belong in a repository. Leaves an existing `.gitignore` alone.
 */
export async function ensureWorkspace(cwd: string): Promise<void> {
  const dir = workspaceDir(cwd)
  await mkdir(dir, { recursive: true })
  try {
    await writeFile(
      join(dir, '.gitignore'),
      '# signalbox: runs, cache, held devnet, history\n*\n',
      {
        flag: 'wx',
      },
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/** Where a run's files go by default: `.signalbox/runs/<run id>/`. */
export function defaultRunDir(cwd: string, runId: string): string {
  return join(workspaceDir(cwd), 'runs', runId)
}

/** vitest's cache (test durations, for scheduling slow files first): `.signalbox/cache/`. */
export function defaultCacheDir(cwd: string): string {
  return join(workspaceDir(cwd), 'cache')
}

/**
 * Where `signalbox devnet up` keeps the devnet it holds for later runs:
 * `.signalbox/devnet/`. `descriptor.json` (the devnet-sdk format, with the
 * wallets' keys: readable by the owner only) is what `signalbox run --devnet
 * running` attaches to; `state.json` says which process holds it.
 */
export function heldDevnetDir(cwd: string): string {
  return join(workspaceDir(cwd), 'devnet')
}

/**
 * The ledgers of what signalbox processes started in this folder and have not
 * stopped yet (anvil processes, containers): `.signalbox/started/`, one file
 * per signalbox process. See runner/process/Ledger.ts.
 */
export function startedDir(cwd: string): string {
  return join(workspaceDir(cwd), 'started')
}

/** A run id that sorts by time: `20261122T101500Z-a1b2c3`. */
export function newRunId(startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `${stamp}-${randomBytes(3).toString('hex')}`
}
