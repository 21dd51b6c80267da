import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { ensureWorkspace } from './Workspace.js'

describe('ensureWorkspace', () => {
  test('.signalbox/ ignores itself: git never sees its descriptors, keys or history', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-workspace-'))
    const git = (...args: string[]) => promisify(execFile)('git', args, { cwd })
    await git('init', '-q')
    await ensureWorkspace(cwd)
    await mkdir(join(cwd, '.signalbox', 'devnet'), { recursive: true })
    await writeFile(join(cwd, '.signalbox', 'devnet', 'descriptor.json'), '{}')
    await writeFile(join(cwd, 'kept.txt'), 'x')
    const { stdout } = await git('status', '--porcelain', '--untracked-files=all')
    expect(stdout.trim().split('\n')).toEqual(['?? kept.txt'])
  })

  test('leaves a .gitignore a person wrote alone', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-workspace-'))
    await mkdir(join(cwd, '.signalbox'))
    await writeFile(join(cwd, '.signalbox', '.gitignore'), 'runs/\n')
    await ensureWorkspace(cwd)
    expect(await readFile(join(cwd, '.signalbox', '.gitignore'), 'utf8')).toBe('runs/\n')
  })
})
