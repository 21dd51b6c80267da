import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { DevnetStartError } from './DevnetError.js'
import { OutputTail, redactOutput, stopProcess } from './Process.js'

/** Environment variable that points signalbox at another anvil binary. */
export const anvilBinEnv = 'SIGNALBOX_ANVIL_BIN'

/**
 * The anvil binary shipped by the npm package `@foundry-rs/anvil` for this
 * platform, unless `SIGNALBOX_ANVIL_BIN` names another. Spawning the native
 * binary directly spares a Node.js wrapper process per chain.
 */
export function resolveAnvilBinary(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[anvilBinEnv]
  if (override) return override
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  try {
    return createRequire(import.meta.url).resolve(`${pkg}/bin/${exe}`)
  } catch (cause) {
    throw new DevnetStartError(`anvil is not installed for ${process.platform}-${arch}`, {
      details: `The package ${pkg} was not found.`,
      hint: `Run \`npm install\` (it installs @foundry-rs/anvil), or set ${anvilBinEnv} to an anvil binary.`,
      cause,
    })
  }
}

export interface AnvilOptions {
  /** Label used in errors, e.g. `l1`. */
  label: string
  chainId: number
  /** `--network optimism` gives an OP-style L2 (deposit transactions, L1 fee fields). */
  network?: 'ethereum' | 'optimism'
  mnemonic: string
  accounts: number
  /** Ether per dev account. */
  balanceEther: number
  /** Seconds between blocks; fractions allowed. Default: none, anvil mines a block per transaction. */
  blockTimeSeconds?: number
  /** Give up after this long. */
  timeoutMs: number
  binary: string
}

export interface AnvilProcess {
  rpcUrl: string
  /** Stops the process: SIGTERM, then SIGKILL if it lingers. Safe to call twice. */
  stop(): Promise<void>
}

const outputKeepChars = 64 * 1024

/**
 * Starts one anvil process on a free loopback port (anvil binds port 0 and
 * reports the port it got, so there is no race for the port) and resolves
 * once it listens. On failure or timeout the process is killed and the error
 * carries the tail of its output.
 */
export function startAnvil(options: AnvilOptions): Promise<AnvilProcess> {
  if (!existsSync(options.binary)) {
    return Promise.reject(
      new DevnetStartError(`anvil binary not found at ${options.binary}`, {
        hint: `Run \`npm install\`, or set ${anvilBinEnv} to an anvil binary.`,
      }),
    )
  }
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--chain-id',
    String(options.chainId),
    '--accounts',
    String(options.accounts),
    '--balance',
    String(options.balanceEther),
    '--mnemonic',
    options.mnemonic,
  ]
  if (options.blockTimeSeconds !== undefined)
    args.push('--block-time', String(options.blockTimeSeconds))
  if (options.network) args.push('--network', options.network)

  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = new OutputTail(outputKeepChars)
  // Last resort when signalbox exits without stopping the devnet (a second Ctrl-C, a crash).
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  const stop = () => stopProcess(child)

  return new Promise<AnvilProcess>((resolve, reject) => {
    let settled = false
    const fail = (shortMessage: string, cause?: unknown) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void stop().finally(() =>
        reject(
          new DevnetStartError(shortMessage, {
            details: `Last lines of anvil's output:\n${redactOutput(output.lastLines(), [options.mnemonic])}`,
            hint: 'Check that the anvil binary runs on this machine (`anvil --version`).',
            cause,
          }),
        ),
      )
    }
    const timer = setTimeout(
      () => fail(`anvil (${options.label}) did not start within ${options.timeoutMs} ms`),
      options.timeoutMs,
    )
    // Output is read for as long as anvil runs (a full pipe would stall it), but
    // kept only until the start is settled: after that nothing reads it, and
    // anvil logs every request.
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      if (settled) return
      output.push(chunk)
      const listening = /Listening on ([\d.]+):(\d+)/.exec(output.text())
      if (listening) {
        settled = true
        clearTimeout(timer)
        resolve({ rpcUrl: `http://${listening[1]}:${listening[2]}`, stop })
      }
    })
    child.stderr.on('data', (chunk: string) => {
      if (!settled) output.push(chunk)
    })
    child.once('error', (error) =>
      fail(`anvil (${options.label}) could not be started: ${error.message}`, error),
    )
    child.once('exit', (code, signal) =>
      fail(`anvil (${options.label}) exited during start (${signal ?? `exit code ${code}`})`),
    )
  })
}
