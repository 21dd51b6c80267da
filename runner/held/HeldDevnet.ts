import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { UsageError } from '../../core/index.js'
import type { DevnetBackend } from '../../devnet/Devnet.js'
import { devnetFromSpec } from '../../devnet/DevnetSpec.js'
import { heldDevnetDir } from '../files/Workspace.js'
import { commandLineOf, hasProc, isAlive, isRunning } from '../process/ProcessIdentity.js'

/**
 * The devnet `signalbox devnet up` holds in a working directory for later
 * runs: a detached holder process (see DevnetHolder) keeps it up, and its
 * files in `.signalbox/devnet/` say which process that is and how to reach it.
 */

/** The files of the held devnet: its state, its descriptor (with keys, owner-only) and the holder's log. */
export const heldDevnetPaths = (cwd: string) => ({
  state: join(heldDevnetDir(cwd), 'state.json'),
  descriptor: join(heldDevnetDir(cwd), 'descriptor.json'),
  log: join(heldDevnetDir(cwd), 'devnet.log'),
})

/** The spec that names the devnet `signalbox devnet up` holds. */
export const heldDevnetSpec = 'running'

/** What `--devnet` and `devnet up --kurtosis-args` say. */
export interface DevnetChoice {
  spec: string
  kurtosisArgsFile?: string | undefined
}

/**
 * The backend a `--devnet` spec names; `running` is the devnet `signalbox
 * devnet up` holds in `cwd`. Nothing starts until the backend's `start`.
 */
export async function devnetBackendFor(choice: DevnetChoice, cwd: string): Promise<DevnetBackend> {
  const { spec, kurtosisArgsFile } = choice
  if (spec !== heldDevnetSpec) {
    return devnetFromSpec(spec, { cwd, ...(kurtosisArgsFile ? { kurtosisArgsFile } : {}) })
  }
  if (!(await readDevnetState(cwd))) {
    throw new UsageError('--devnet running: no devnet is up in this folder', {
      hint: 'Start one with `signalbox devnet up`, or use --devnet embedded.',
    })
  }
  return devnetFromSpec(heldDevnetPaths(cwd).descriptor, { cwd })
}

export const DevnetState = z.object({
  /** Process that holds the devnet; stopping it stops the devnet. */
  pid: z.number().int().positive(),
  /** The holder's start time (field 22 of /proc/<pid>/stat): with the pid, which process it is, even once the pid is reused. */
  pidStartTime: z.string().regex(/^\d+$/).optional(),
  spec: z.string(),
  backend: z.string(),
  startedAt: z.string(),
})
export type DevnetState = z.infer<typeof DevnetState>

/** The held devnet's state, if one is up (its holder process still runs). */
export async function readDevnetState(cwd: string): Promise<DevnetState | undefined> {
  const state = await readDevnetStateFile(cwd)
  return state && isHolderRunning(state) ? state : undefined
}

/** The state file as written, whether or not its holder still runs; undefined when absent or unreadable. */
export async function readDevnetStateFile(cwd: string): Promise<DevnetState | undefined> {
  let text: string
  try {
    text = await readFile(heldDevnetPaths(cwd).state, 'utf8')
  } catch {
    return undefined
  }
  // A state file cut short or edited by hand names no holder: nothing is up.
  const parsed = DevnetState.safeParse(parseJson(text))
  return parsed.success ? parsed.data : undefined
}

/** The marker of a holder's command line: `node …/DevnetHolder.js <cwd> <spec>`. */
const holderEntry = 'DevnetHolder.js'

/**
 * Whether the process the state names is still that holder, not another
 * process that got its pid since: same start time when the state has one; a
 * holder's command line otherwise (a state from before start times were kept,
 * or one written by hand).
 */
export function isHolderRunning(state: DevnetState): boolean {
  if (!hasProc) return isAlive(state.pid)
  if (state.pidStartTime !== undefined)
    return isRunning({ pid: state.pid, startTime: state.pidStartTime })
  return isAlive(state.pid) && commandLineOf(state.pid).includes(holderEntry)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
