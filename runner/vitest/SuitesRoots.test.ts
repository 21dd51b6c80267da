import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { InputError } from '../../core/index.js'
import {
  filterSuiteFiles,
  findSuiteFiles,
  resolveSuitesRoots,
  shippedSuiteNames,
  shippedSuitesDir,
} from './SuitesRoots.js'

let cwd: string

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'signalbox-roots-'))
  for (const file of [
    'suites/payments/pay.accept.ts',
    'suites/payments/helpers.ts',
    'suites/node_modules/dep/x.accept.ts',
    'other/base/transfers.accept.ts',
  ]) {
    await mkdir(dirname(join(cwd, file)), { recursive: true })
    await writeFile(join(cwd, file), '')
  }
})
afterAll(() => rm(cwd, { recursive: true, force: true }))

describe('resolveSuitesRoots', () => {
  test('the shipped suites are the folders of suites/ that hold suite files', () => {
    expect(shippedSuiteNames()).toEqual(['base', 'contracts', 'deposits', 'fees', 'load'])
  })

  test('signalbox:<name> runs its folder with ids rooted at the shipped suites folder', () => {
    const [team, base] = resolveSuitesRoots(['suites', 'signalbox:base', 'suites'], cwd)
    expect(team).toEqual({ spec: 'suites', dir: join(cwd, 'suites'), idRoot: join(cwd, 'suites') })
    expect(base).toEqual({
      spec: 'signalbox:base',
      dir: join(shippedSuitesDir(), 'base'),
      idRoot: shippedSuitesDir(),
    })
  })

  test('an unknown shipped name is an InputError listing the shipped ones', () => {
    expect(() => resolveSuitesRoots(['signalbox:kit'], cwd)).toThrowError(InputError)
    try {
      resolveSuitesRoots(['signalbox:kit'], cwd)
    } catch (error) {
      expect((error as InputError).details).toBe(
        'Shipped suites: signalbox:base, signalbox:contracts, signalbox:deposits, signalbox:fees, signalbox:load',
      )
    }
  })
})

describe('findSuiteFiles', () => {
  test('suite files of every root, ids rooted at each, node_modules left out', async () => {
    const files = await findSuiteFiles(resolveSuitesRoots(['suites', 'signalbox:fees'], cwd))
    expect(files.map((found) => found.file)).toEqual([
      'fees/eip1559.accept.ts',
      'payments/pay.accept.ts',
    ])
  })

  test('two roots that give one id to two files are refused, naming both', async () => {
    const roots = resolveSuitesRoots(['other', 'signalbox:base'], cwd)
    await expect(findSuiteFiles(roots)).rejects.toThrowError(
      'two --suites roots give tests the same id: base/transfers.accept.ts',
    )
  })

  test('a folder inside another root is refused: its files would have two ids', async () => {
    const roots = resolveSuitesRoots(['suites', 'suites/payments'], cwd)
    await expect(findSuiteFiles(roots)).rejects.toThrowError(InputError)
  })
})

describe('filterSuiteFiles', () => {
  test('keeps files whose id or path contains a filter (any case), or under a named path', async () => {
    const files = await findSuiteFiles(resolveSuitesRoots(['suites', 'signalbox:base'], cwd))
    const kept = (filters: string[]) =>
      filterSuiteFiles(files, filters, cwd).map((found) => found.file)
    expect(kept(['PAY'])).toEqual(['payments/pay.accept.ts'])
    expect(kept(['suites/payments/'])).toEqual(['payments/pay.accept.ts'])
    expect(kept(['base/nonces', 'liveness'])).toEqual([
      'base/liveness.accept.ts',
      'base/nonces.accept.ts',
    ])
    expect(kept([])).toHaveLength(files.length)
    expect(kept(['withdrawals'])).toEqual([])
  })
})
