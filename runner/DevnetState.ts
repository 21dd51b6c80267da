import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

/**
 * Where `signalbox devnet up` keeps the devnet it holds for later runs:
 * `.signalbox/devnet/` under the working directory. `descriptor.json` (the
 * devnet-sdk format, with the wallets' keys: readable by the owner only) is
 * what `signalbox run --devnet running` attaches to.
 */
export function devnetStateDir(cwd: string): string {
  return join(cwd, '.signalbox', 'devnet')
}

export const devnetStatePaths = (cwd: string) => ({
  state: join(devnetStateDir(cwd), 'state.json'),
  descriptor: join(devnetStateDir(cwd), 'descriptor.json'),
  log: join(devnetStateDir(cwd), 'devnet.log'),
})

/** The spec that names the devnet `signalbox devnet up` holds. */
export const runningDevnetSpec = 'running'

export const DevnetState = z.object({
  /** Process that holds the devnet; stopping it stops the devnet. */
  pid: z.number().int().positive(),
  spec: z.string(),
  backend: z.string(),
  startedAt: z.string(),
})
export type DevnetState = z.infer<typeof DevnetState>

/** The held devnet's state, if one is up (its holder process is alive). */
export async function readDevnetState(cwd: string): Promise<DevnetState | undefined> {
  let text: string
  try {
    text = await readFile(devnetStatePaths(cwd).state, 'utf8')
  } catch {
    return undefined
  }
  const parsed = DevnetState.safeParse(JSON.parse(text))
  if (!parsed.success || !isAlive(parsed.data.pid)) return undefined
  return parsed.data
}

const hasProc = existsSync('/proc/self/stat')

/**
 * Whether a process runs. On Linux it reads /proc, where a zombie (a holder
 * that died and was not reaped yet, common in containers) counts as gone;
 * elsewhere it asks with signal 0.
 */
export function isAlive(pid: number): boolean {
  if (hasProc) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // The state follows the command name, which is in parentheses and may hold spaces.
      return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z'
    } catch {
      return false
    }
  }
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
