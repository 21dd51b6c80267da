import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { writeFilesAtomically } from './AtomicFiles.js'

test('writes every file whole, with the mode asked for (a file with keys: owner only)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'signalbox-atomic-'))
  await writeFilesAtomically(dir, { 'descriptor.json': '{"keys":1}' }, { mode: 0o600 })
  await writeFilesAtomically(dir, { 'report.md': '# report' })
  expect((await stat(join(dir, 'descriptor.json'))).mode & 0o777).toBe(0o600)
  expect(await readFile(join(dir, 'descriptor.json'), 'utf8')).toBe('{"keys":1}')
  // Nothing half-written is left beside them.
  expect((await readdir(dir)).sort()).toEqual(['descriptor.json', 'report.md'])
})
