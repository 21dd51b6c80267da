import { spawnSync } from 'node:child_process'

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** Wall time of a command in ms; throws when it exits with a code not in `okCodes`. */
export function timeCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; okCodes?: number[] },
): number {
  const start = performance.now()
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  })
  const elapsed = performance.now() - start
  if (!(options.okCodes ?? [0]).includes(result.status ?? -1)) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    )
  }
  return elapsed
}
