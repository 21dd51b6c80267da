import { spawn } from 'node:child_process'

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * Wall time of a command in ms; rejects when it exits with a code not in
 * `okCodes`. Asynchronous on purpose: a devnet started by this process needs
 * its event loop to drain the anvil processes' output while the command runs.
 */
export function timeCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; okCodes?: number[] },
): Promise<number> {
  const start = performance.now()
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env } })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      const elapsed = performance.now() - start
      if ((options.okCodes ?? [0]).includes(code ?? -1)) resolve(elapsed)
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))
    })
  })
}
