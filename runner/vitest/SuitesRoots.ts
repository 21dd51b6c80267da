import { existsSync, readdirSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InputError, UsageError } from '../../core/index.js'
import { packagePath } from '../files/PackagePaths.js'

/**
 * The suites folders one run takes (`--suites`, as often as needed): a
 * team's own folders and the suites signalbox ships, by name
 * (`signalbox:base`). A test's id is its file relative to its root's id
 * folder, so ids stay what they are whatever else runs beside them: a team
 * folder's own, and `base/…` for `signalbox:base`, as when the shipped suites
 * folder runs whole. Two roots that would give a file the same id are refused.
 */

/** How `--suites` names a suite folder that signalbox ships. */
export const shippedSuitesPrefix = 'signalbox:'

/** Acceptance suite files: what vitest would glob with `**\/*.accept.{ts,js,mts,mjs}`. */
const suiteFileName = /\.accept\.(?:ts|js|mts|mjs)$/

/** Folders never searched for suites. */
const skippedFolders = new Set(['node_modules', 'dist', '.git'])

/** One suites folder of a run. */
export interface SuitesRoot {
  /** As given to `--suites`: a folder, or `signalbox:<name>`. */
  spec: string
  /** Absolute folder whose suite files run. */
  dir: string
  /**
   * Absolute folder the test ids are relative to: `dir` itself for a team's
   * folder; the shipped suites folder for `signalbox:<name>`, so its ids
   * begin with `<name>/`.
   */
  idRoot: string
}

/** A suite file found under a root. */
export interface SuiteFile {
  /** Absolute path. */
  path: string
  /** Relative to its root's id folder, forward slashes: the file part of its tests' ids. */
  file: string
  root: SuitesRoot
}

/** The folder of the suites signalbox ships (one folder per feature). */
export function shippedSuitesDir(): string {
  return packagePath('suites')
}

/** Names of the shipped suites (`signalbox:<name>`): the shipped folders that hold suite files. */
export function shippedSuiteNames(): string[] {
  const dir = shippedSuitesDir()
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && holdsSuites(join(dir, entry.name)))
    .map((entry) => entry.name)
    .sort()
}

/**
 * The roots `--suites` names, in order, each once (default: `./suites`).
 * An unknown `signalbox:<name>` is an InputError listing the shipped suites;
 * a folder that does not exist is one naming it.
 */
export function resolveSuitesRoots(specs: readonly string[], cwd: string): SuitesRoot[] {
  const roots: SuitesRoot[] = []
  for (const spec of specs.length === 0 ? ['suites'] : specs) {
    const root = rootOf(spec, cwd)
    if (!roots.some((known) => known.dir === root.dir)) roots.push(root)
  }
  return roots
}

function rootOf(spec: string, cwd: string): SuitesRoot {
  if (spec.startsWith(shippedSuitesPrefix)) {
    const name = spec.slice(shippedSuitesPrefix.length)
    const names = shippedSuiteNames()
    if (!names.includes(name)) {
      throw new InputError(`--suites ${spec}: signalbox ships no suites named "${name}"`, {
        details: `Shipped suites: ${names.map((known) => `${shippedSuitesPrefix}${known}`).join(', ')}`,
        hint: 'Name one of them, or give the path of a folder of *.accept.ts files.',
      })
    }
    return { spec, dir: join(shippedSuitesDir(), name), idRoot: shippedSuitesDir() }
  }
  if (spec === '') throw new UsageError('--suites takes a folder or signalbox:<name>, got ""')
  const dir = resolve(cwd, spec)
  if (!existsSync(dir)) {
    throw new InputError(`suites folder not found: ${dir}`, {
      hint: 'Point --suites at the folder that holds your *.accept.ts files, or name shipped suites (signalbox:base).',
    })
  }
  return { spec, dir, idRoot: dir }
}

/**
 * Every suite file under the roots, sorted by id file. A file under two
 * roots, or two files that would give their tests the same ids, is an
 * InputError naming both.
 */
export async function findSuiteFiles(roots: readonly SuitesRoot[]): Promise<SuiteFile[]> {
  const byPath = new Map<string, SuiteFile>()
  const byFile = new Map<string, SuiteFile>()
  for (const root of roots) {
    for (const path of await suitePathsUnder(root.dir)) {
      const found: SuiteFile = { path, file: slashed(relative(root.idRoot, path)), root }
      const twin = byPath.get(path) ?? byFile.get(found.file)
      if (twin) {
        throw new InputError(`two --suites roots give tests the same id: ${found.file}`, {
          details: `${twin.path} (from --suites ${twin.root.spec})\n${path} (from --suites ${root.spec})`,
          hint: 'Test ids are files relative to their suites root: pass folders that do not overlap, or rename one file.',
        })
      }
      byPath.set(path, found)
      byFile.set(found.file, found)
    }
  }
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file))
}

/** `path` (absolute) as a file of the first root that holds it (by place, not name); undefined outside them. */
export function suiteFileAt(roots: readonly SuitesRoot[], path: string): SuiteFile | undefined {
  const root = roots.find((candidate) => isInside(candidate.dir, path))
  return root ? { path, file: slashed(relative(root.idRoot, path)), root } : undefined
}

/** The id file of `path` (absolute) under the first root that holds it; undefined outside them. */
export function idFileOf(roots: readonly SuitesRoot[], path: string): string | undefined {
  return suiteFileAt(roots, path)?.file
}

/** Whether a path under a suites root is never searched (node_modules, dist, .git). */
function isSkippedPath(dir: string, path: string): boolean {
  return relative(dir, path)
    .split(sep)
    .some((part) => skippedFolders.has(part))
}

/**
 * The files a run's positional filters keep, as vitest's: a filter keeps a
 * file whose id file or path from `cwd` contains it (ignoring case), or that
 * lies at or under the path it names. No filters keep every file.
 */
export function filterSuiteFiles(
  files: readonly SuiteFile[],
  filters: readonly string[],
  cwd: string,
): SuiteFile[] {
  if (filters.length === 0) return [...files]
  return files.filter((found) =>
    filters.some((filter) => {
      const lower = filter.toLocaleLowerCase()
      const named = resolve(cwd, filter)
      return (
        found.file.toLocaleLowerCase().includes(lower) ||
        slashed(relative(cwd, found.path)).toLocaleLowerCase().includes(lower) ||
        found.path === named ||
        isInside(named, found.path)
      )
    }),
  )
}

/** Whether `path` is a suite file (by its name). */
export function isSuiteFile(path: string): boolean {
  return suiteFileName.test(path)
}

async function suitePathsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && isSuiteFile(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !isSkippedPath(dir, path))
}

function holdsSuites(dir: string): boolean {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).some(
    (entry) => entry.isFile() && isSuiteFile(entry.name),
  )
}

function isInside(dir: string, path: string): boolean {
  const rest = relative(dir, path)
  return rest !== '' && !rest.startsWith('..') && !isAbsolute(rest)
}

function slashed(path: string): string {
  return path.split(sep).join('/')
}
