import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

/** A git question in `cwd`, or undefined outside a repository (or without git). */
async function askGit(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', [...args], { cwd, timeout: 2_000 })
    return stdout.trim() || undefined
  } catch {
    return undefined
  }
}

/** The commit checked out in `cwd`. */
export function gitCommitOf(cwd: string): Promise<string | undefined> {
  return askGit(cwd, ['rev-parse', 'HEAD'])
}

/**
 * The branch a run tests: GitHub Actions' head ref (pull requests) or ref
 * name, else the branch checked out in `cwd`; undefined on a detached head.
 */
export async function gitBranchOf(
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string | undefined> {
  const fromCi = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME
  if (fromCi) return fromCi
  const branch = await askGit(cwd, ['rev-parse', '--abbrev-ref', 'HEAD'])
  return branch === 'HEAD' ? undefined : branch
}
