import { spawn } from 'node:child_process'
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { createRedactor, InputError, UsageError } from '../../../core/index.js'
import { checkHealth, loadDescriptor, toDevnetSdk } from '../../../devnet/index.js'
import { renderHealthTable } from '../../../reports/index.js'
import { writeFilesAtomically } from '../../files/AtomicFiles.js'
import { devnetHolderPath } from '../../files/PackagePaths.js'
import { ensureWorkspace, heldDevnetDir } from '../../files/Workspace.js'
import {
  devnetBackendFor,
  heldDevnetPaths,
  isHolderRunning,
  readDevnetState,
  readDevnetStateFile,
} from '../../held/HeldDevnet.js'
import { handOverUpLock, releaseUpLock, takeUpLock } from '../../held/UpLock.js'
import { describeReaped, reapLeftovers } from '../../process/Leftovers.js'
import { identityOf } from '../../process/ProcessIdentity.js'
import { type CliIo, parseCommand } from '../Arguments.js'

/** How long `devnet up` waits for the devnet; containers and kurtosis take longer than anvil. */
const upTimeoutMs = 180_000

/** `signalbox devnet up|down|status|describe`: one devnet held across several runs. */
export async function devnetCommand(argv: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = argv
  switch (subcommand) {
    case 'up':
      return up(rest, io)
    case 'down':
      return down(io)
    case 'status':
      return status(rest, io)
    case 'describe':
      return describe(rest, io)
    default:
      throw new UsageError(
        subcommand
          ? `unknown devnet command: ${subcommand}`
          : 'devnet needs a command: up, down, status or describe',
        { hint: 'signalbox devnet up [--devnet <spec>] | down | status | describe [--out <file>]' },
      )
  }
}

async function up(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    devnet: { type: 'string' },
    'kurtosis-args': { type: 'string' },
  })
  const spec = values.devnet ?? 'embedded'
  // Validates the spec here, where the error can be shown, before anything starts.
  await devnetBackendFor({ spec, kurtosisArgsFile: values['kurtosis-args'] }, io.cwd)
  const paths = heldDevnetPaths(io.cwd)
  await ensureWorkspace(io.cwd)
  await mkdir(heldDevnetDir(io.cwd), { recursive: true })
  const lock = await takeUpLock(io.cwd)
  if (!lock.taken) {
    const held = await readDevnetState(io.cwd)
    throw new UsageError(
      held
        ? `a devnet is already up here: ${held.backend} (pid ${held.pid})`
        : `a devnet is already starting here (signalbox devnet up, pid ${lock.owner.pid}, since ${lock.owner.since})`,
      {
        hint: 'Use it with `signalbox run --devnet running`, or stop it first with `signalbox devnet down`.',
      },
    )
  }
  // A holder from a signalbox that kept no lock.
  const unlocked = await readDevnetState(io.cwd)
  if (unlocked) {
    await releaseUpLock(io.cwd)
    throw new UsageError(`a devnet is already up here: ${unlocked.backend} (pid ${unlocked.pid})`, {
      hint: 'Use it with `signalbox run --devnet running`, or stop it first with `signalbox devnet down`.',
    })
  }
  // A devnet whose holder was killed left a state behind; its holder is gone, so nothing holds it.
  await rm(paths.state, { force: true })
  const log = await open(paths.log, 'w')
  const args = [devnetHolderPath(), io.cwd, spec]
  if (values['kurtosis-args']) args.push(resolve(io.cwd, values['kurtosis-args']))
  const holder = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
  })
  await log.close()
  let exited: number | null | undefined
  holder.once('exit', (code) => {
    exited = code
  })
  const holderIdentity = holder.pid === undefined ? undefined : identityOf(holder.pid)
  if (holderIdentity) await handOverUpLock(io.cwd, holderIdentity)
  const deadline = Date.now() + upTimeoutMs
  while (!(await readDevnetState(io.cwd))) {
    if (exited !== undefined || Date.now() > deadline) {
      if (exited === undefined) holder.kill('SIGTERM')
      await releaseUpLock(io.cwd)
      const output = (await readFile(paths.log, 'utf8')).trim()
      throw new InputError(`the ${spec} devnet did not come up`, {
        details: output || '(the devnet process said nothing)',
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  holder.unref()
  const descriptor = await loadDescriptor(paths.descriptor)
  io.stdout(`devnet up: ${spec} (pid ${holder.pid})`)
  for (const chain of descriptor.chains)
    io.stdout(`  ${chain.role} ${chain.name}  chain ${chain.chainId}  ${chain.rpcUrl}`)
  io.stdout(
    'run against it with: signalbox run --devnet running; stop it with: signalbox devnet down',
  )
  return 0
}

async function down(io: CliIo): Promise<number> {
  const held = await readDevnetStateFile(io.cwd)
  if (!held) {
    io.stdout('no devnet is up here')
    return 0
  }
  if (!isHolderRunning(held)) {
    // Its pid may belong to another process by now: that one is not signalled.
    // What the holder started was removed through its ledger before this command.
    await rm(heldDevnetDir(io.cwd), { recursive: true, force: true })
    io.stdout(
      `no devnet is up here: its holder (pid ${held.pid}, ${held.backend}) is no longer running; removed its state`,
    )
    return 0
  }
  process.kill(held.pid, 'SIGTERM')
  const deadline = Date.now() + 30_000
  while (await readDevnetState(io.cwd)) {
    if (Date.now() > deadline) {
      process.kill(held.pid, 'SIGKILL')
      for (const line of describeReaped(await reapLeftovers(io.cwd))) io.stderr(line)
      await rm(heldDevnetDir(io.cwd), { recursive: true, force: true })
      throw new InputError(`the devnet (pid ${held.pid}) did not stop within 30 s and was killed`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  io.stdout(`devnet down: ${held.backend} (pid ${held.pid})`)
  return 0
}

async function heldDescriptor(io: CliIo) {
  const held = await readDevnetState(io.cwd)
  if (!held)
    throw new UsageError('no devnet is up here', { hint: 'Start one with `signalbox devnet up`.' })
  // Its nodes may have died since: that is for the health checks to say.
  const descriptor = await loadDescriptor(heldDevnetPaths(io.cwd).descriptor, { everyRpc: false })
  return { held, descriptor }
}

/** Exit 0: up and healthy; 1: up, some check failed; 2: none up. */
async function status(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { json: { type: 'boolean', default: false } })
  const { held, descriptor } = await heldDescriptor(io)
  const checks = await checkHealth(descriptor)
  const healthy = checks.every((check) => check.ok)
  if (values.json) {
    io.stdout(JSON.stringify({ ...held, healthy, health: checks }, null, 2))
  } else {
    io.stdout(
      `devnet ${descriptor.name}: ${held.backend}, pid ${held.pid}, up since ${held.startedAt}`,
    )
    io.stdout(renderHealthTable(checks))
  }
  return healthy ? 0 : 1
}

async function describe(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    out: { type: 'string' },
    'with-keys': { type: 'boolean', default: false },
  })
  const { descriptor } = await heldDescriptor(io)
  let text = `${JSON.stringify(toDevnetSdk(descriptor), null, 2)}\n`
  // Keys stay out unless asked for: a descriptor is often pasted and shared.
  if (!values['with-keys'])
    text = createRedactor({ secrets: descriptor.wallets.map((wallet) => wallet.privateKey) })(text)
  if (!values.out) {
    io.stdout(text.trimEnd())
    return 0
  }
  const out = resolve(io.cwd, values.out)
  // A file with private keys is readable by its owner only.
  await writeFilesAtomically(
    dirname(out),
    { [basename(out)]: text },
    values['with-keys'] ? { mode: 0o600 } : {},
  )
  io.stdout(`descriptor written to ${out}${values['with-keys'] ? ' (with private keys)' : ''}`)
  return 0
}
