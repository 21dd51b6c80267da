import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { DevnetStartError } from './DevnetError.js'
import { OutputTail, redactOutput, stopProcess } from './Process.js'
import { announceStarted, announceStopped } from './Started.js'
import { deriveWallets, devMnemonic } from './Wallets.js'

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
  /**
   * The dev accounts' mnemonic. Never passed on anvil's command line (which
   * every user of the machine can read in `ps`): anvil's default mnemonic is
   * the well-known dev one; another one's accounts are funded over RPC once
   * anvil listens.
   */
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
  const ownMnemonic = options.mnemonic !== devMnemonic
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--chain-id',
    String(options.chainId),
    // Another mnemonic's accounts are funded after the start (see fundAccounts); anvil's own stay out.
    '--accounts',
    String(ownMnemonic ? 0 : options.accounts),
    '--balance',
    String(options.balanceEther),
  ]
  if (options.blockTimeSeconds !== undefined)
    args.push('--block-time', String(options.blockTimeSeconds))
  if (options.network) args.push('--network', options.network)

  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  if (child.pid !== undefined) {
    const started = { kind: 'process' as const, name: `anvil ${options.label}`, pid: child.pid }
    announceStarted(started)
    child.once('exit', () => announceStopped(started))
  }
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
    let listened = false
    child.stdout.on('data', (chunk: string) => {
      if (settled || listened) return
      output.push(chunk)
      const listening = /Listening on ([\d.]+):(\d+)/.exec(output.text())
      if (listening) {
        listened = true
        const rpcUrl = `http://${listening[1]}:${listening[2]}`
        if (!ownMnemonic) {
          settled = true
          clearTimeout(timer)
          resolve({ rpcUrl, stop })
          return
        }
        fundAccounts(rpcUrl, options).then(
          () => {
            if (settled) return
            settled = true
            clearTimeout(timer)
            resolve({ rpcUrl, stop })
          },
          (error: unknown) =>
            fail(`anvil (${options.label}) did not fund the mnemonic's accounts`, error),
        )
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

/**
 * Gives the first `accounts` of the mnemonic `balanceEther` each, with
 * `anvil_setBalance`: how accounts of a mnemonic other than anvil's default
 * are funded without the mnemonic on anvil's command line.
 */
async function fundAccounts(rpcUrl: string, options: AnvilOptions): Promise<void> {
  // Only for a mnemonic other than anvil's own: viem is loaded when it is needed.
  const { parseEther, toHex } = await import('viem')
  const wei = toHex(parseEther(String(options.balanceEther)))
  const calls = deriveWallets(options.mnemonic, options.accounts).map((wallet, index) => ({
    jsonrpc: '2.0',
    id: index,
    method: 'anvil_setBalance',
    params: [wallet.address, wei],
  }))
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls),
    signal: AbortSignal.timeout(options.timeoutMs),
  })
  const answers = (await response.json()) as Array<{ error?: { message?: string } }>
  const failed = Array.isArray(answers) ? answers.find((answer) => answer.error) : { error: {} }
  if (!response.ok || failed)
    throw new Error(`anvil_setBalance failed: ${failed?.error?.message ?? response.status}`)
}
