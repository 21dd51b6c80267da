import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll } from 'vitest'
import { Results } from '../core/index.js'

/** The built CLI, as `npx signalbox` runs it. `npm test` builds before it tests. */
export const cliPath = fileURLToPath(new URL('../dist/runner/cli/bin.js', import.meta.url))
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

/**
 * Temporary folders for one test file, each filled with `files` (path →
 * content) and all removed after the file's tests. Call it at the top level.
 */
export function scratchFolders(): (
  prefix: string,
  files?: Record<string, string>,
) => Promise<string> {
  const folders: string[] = []
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })
  return async (prefix, files = {}) => {
    const folder = await mkdtemp(join(tmpdir(), `signalbox-${prefix}-`))
    folders.push(folder)
    await writeFiles(folder, files)
    return folder
  }
}

/** Writes files (path → content) under `root`, making their folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
}

/** The results.json a run wrote into `outDir`, validated by its schema. */
export async function readResults(outDir: string): Promise<Results> {
  return Results.parse(JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')))
}

/** The containers any signalbox devnet started that still exist (running or not), as `id name` lines. */
export async function signalboxContainers(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('docker', [
    'ps',
    '-a',
    '--filter',
    'label=signalbox.devnet',
    '--format',
    '{{.ID}} {{.Names}}',
  ])
  return stdout.trim().split('\n').filter(Boolean)
}
