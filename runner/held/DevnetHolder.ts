import { chmod, rm } from 'node:fs/promises'
import { formatError } from '../../core/index.js'
import { devnetFromSpec, toDevnetSdk } from '../../devnet/index.js'
import { writeFilesAtomically } from '../files/AtomicFiles.js'
import { heldDevnetDir } from '../files/Workspace.js'
import { keepLedger } from '../process/Ledger.js'
import { identityOf } from '../process/ProcessIdentity.js'
import { type DevnetState, heldDevnetPaths } from './HeldDevnet.js'

/**
 * The process behind `signalbox devnet up`: starts a devnet, writes its state
 * and descriptor, and holds it until SIGTERM or SIGINT (`signalbox devnet
 * down`), then stops it and removes the state. Run detached by the CLI:
 * `node DevnetHolder.js <cwd> <spec> [<kurtosis args file>]`.
 */
async function hold(
  cwd: string,
  spec: string,
  kurtosisArgsFile: string | undefined,
): Promise<void> {
  const backend = devnetFromSpec(spec, { cwd, ...(kurtosisArgsFile ? { kurtosisArgsFile } : {}) })
  // What the devnet starts is in the ledger until stopped: killed with SIGKILL, the holder leaves it to the next command.
  const ledger = keepLedger(cwd, 'devnet up')
  const devnet = await backend.start({ timeoutMs: 120_000 })
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await devnet.stop()
    await ledger.close()
    await rm(heldDevnetDir(cwd), { recursive: true, force: true })
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  const paths = heldDevnetPaths(cwd)
  const identity = identityOf(process.pid)
  const state: DevnetState = {
    pid: process.pid,
    ...(identity ? { pidStartTime: identity.startTime } : {}),
    spec,
    backend: backend.name,
    startedAt: new Date().toISOString(),
  }
  // The descriptor first: once state.json exists, the devnet is ready to use.
  await writeFilesAtomically(heldDevnetDir(cwd), {
    'descriptor.json': `${JSON.stringify(toDevnetSdk(devnet.descriptor), null, 2)}\n`,
  })
  await chmod(paths.descriptor, 0o600)
  await writeFilesAtomically(heldDevnetDir(cwd), {
    'state.json': `${JSON.stringify(state, null, 2)}\n`,
  })
  process.stdout.write(`devnet up: ${backend.name} (pid ${process.pid})\n`)
  // Kept alive by the devnet's processes or containers; the timer is for backends that attach to nothing local.
  setInterval(() => {}, 1 << 30)
}

const [cwd, spec, kurtosisArgsFile] = process.argv.slice(2)
if (!cwd || !spec) {
  process.stderr.write('usage: DevnetHolder <cwd> <spec> [<kurtosis args file>]\n')
  process.exit(2)
}
hold(cwd, spec, kurtosisArgsFile).catch((error: unknown) => {
  process.stderr.write(`${formatError(error)}\n`)
  process.exit(2)
})
