import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Writes files into `dir`, each whole or not at all: every file is written
 * beside its final name and renamed into place, so a reader (or a crash)
 * never sees half a file. `mode` (e.g. 0o600 for a file with keys) is set
 * before the file appears under its name. Returns the paths written.
 */
export async function writeFilesAtomically(
  dir: string,
  files: Record<string, string>,
  options: { mode?: number } = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const suffix = `.partial-${process.pid}-${randomBytes(3).toString('hex')}`
  const entries = Object.entries(files)
  try {
    await Promise.all(
      entries.map(([name, content]) =>
        writeFile(join(dir, name + suffix), content, options.mode ? { mode: options.mode } : {}),
      ),
    )
    await Promise.all(entries.map(([name]) => rename(join(dir, name + suffix), join(dir, name))))
  } catch (error) {
    await Promise.all(entries.map(([name]) => rm(join(dir, name + suffix), { force: true })))
    throw error
  }
  return entries.map(([name]) => join(dir, name))
}
