import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { resolveSuitesRoots } from '../vitest/SuitesRoots.js'
import { rerunOf } from './Watch.js'

let cwd: string
const path = (file: string) => join(cwd, 'suites', file)

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'signalbox-watch-'))
  await mkdir(join(cwd, 'suites/pay'), { recursive: true })
  for (const file of ['pay/a.accept.ts', 'pay/b.accept.ts', 'pay/new.accept.ts', 'pay/util.ts'])
    await writeFile(path(file), '')
})
afterAll(() => rm(cwd, { recursive: true, force: true }))

describe('rerunOf', () => {
  const context = () => ({
    files: [path('pay/a.accept.ts'), path('pay/b.accept.ts'), path('pay/gone.accept.ts')],
    suites: resolveSuitesRoots(['suites'], cwd),
    filters: undefined,
    cwd,
  })

  test('a saved suite file reruns itself only', () => {
    expect(rerunOf([path('pay/a.accept.ts')], context()).toRun).toEqual([path('pay/a.accept.ts')])
  })

  test('a new suite file runs and joins the watched files; a deleted one leaves them', () => {
    const rerun = rerunOf([path('pay/new.accept.ts'), path('pay/gone.accept.ts')], context())
    expect(rerun.toRun).toEqual([path('pay/new.accept.ts')])
    expect(rerun.files).toEqual([
      path('pay/a.accept.ts'),
      path('pay/b.accept.ts'),
      path('pay/new.accept.ts'),
    ])
  })

  test('a new suite file the filters leave out does not run', () => {
    const rerun = rerunOf([path('pay/new.accept.ts')], { ...context(), filters: ['a.accept'] })
    expect(rerun.toRun).toEqual([])
  })

  test('a saved helper reruns every watched file that still exists', () => {
    expect(rerunOf([path('pay/util.ts')], context()).toRun).toEqual([
      path('pay/a.accept.ts'),
      path('pay/b.accept.ts'),
    ])
  })
})
