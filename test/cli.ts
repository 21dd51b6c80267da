import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built CLI, as `npx signalbox` runs it. `npm test` builds before it tests. */
export const cliPath = fileURLToPath(new URL('../dist/runner/bin.js', import.meta.url))
export const repoRoot = fileURLToPath(new URL('..', import.meta.url))

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs the signalbox CLI (or another executable) to its end. */
export function runCli(
  args: string[],
  options: {
    cwd: string
    env?: NodeJS.ProcessEnv
    executable?: string
    onSpawn?: (child: ChildProcess) => void
  },
): Promise<CliRun> {
  const [command, commandArgs] = options.executable
    ? [options.executable, args]
    : [process.execPath, [cliPath, ...args]]
  const child = spawn(command, commandArgs, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}
