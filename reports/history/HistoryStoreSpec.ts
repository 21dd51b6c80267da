import { statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { InputError } from '../../core/index.js'
import type { HistoryStore } from './HistoryStore.js'

/** Where history is kept when no store is named: this file under the working directory. */
export const defaultHistoryFile = join('.signalbox', 'history.db')

const specForms = [
  ['(none)', `SQLite in ${defaultHistoryFile} under the working directory (the default)`],
  ['postgres://user:password@host:5432/db', 'PostgreSQL, for a dashboard shared by many CI jobs'],
  ['<path>', 'a SQLite file, relative to the working directory'],
] as const

/**
 * The history store a spec names (the CLI's `--store`): none → SQLite in
 * `<cwd>/.signalbox/history.db` (the folder is made); `postgres://…` or
 * `postgresql://…` → PostgreSQL; anything else → a SQLite file, relative to
 * `cwd`, whose folder must exist. The store is opened and migrated. Throws an
 * InputError for a spec it does not know, a HistoryUnavailableError for a
 * store it cannot open, a HistorySchemaError for one from a newer signalbox.
 * Each store's database library is loaded only when it is named.
 */
export async function openHistoryStore(
  spec: string | undefined,
  cwd: string,
): Promise<HistoryStore> {
  if (spec === undefined) {
    const file = join(cwd, defaultHistoryFile)
    await mkdir(dirname(file), { recursive: true })
    return openSqlite(file)
  }
  const trimmed = spec.trim()
  if (trimmed === '') throw invalidSpec('(empty)', 'the history store spec is empty')
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase()
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { PostgresHistoryStore } = await import('./PostgresHistoryStore.js')
    return PostgresHistoryStore.open(trimmed)
  }
  if (scheme !== undefined) {
    // Never echo the spec: a URL may carry a password.
    throw invalidSpec(`${scheme}://…`, `a history store cannot be a ${scheme}:// URL`)
  }
  const file = resolve(cwd, trimmed)
  const folder = dirname(file)
  if (!isFolder(folder)) {
    throw invalidSpec(trimmed, `the folder of the history database does not exist: ${folder}`)
  }
  if (isFolder(file)) {
    throw invalidSpec(trimmed, `the history database ${file} is a folder, not a file`)
  }
  return openSqlite(file)
}

async function openSqlite(file: string): Promise<HistoryStore> {
  const { SqliteHistoryStore } = await import('./SqliteHistoryStore.js')
  return SqliteHistoryStore.open(file)
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function invalidSpec(source: string, shortMessage: string): InputError {
  return new InputError(shortMessage, {
    source,
    hint: `A history store is one of:\n${specForms.map(([form, what]) => `  ${form.padEnd(40)}${what}`).join('\n')}`,
  })
}
