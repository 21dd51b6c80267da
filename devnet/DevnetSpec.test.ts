import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DevnetInputError } from './DevnetError.js'
import { devnetFromSpec } from './DevnetSpec.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signalbox-spec-'))
  await writeFile(join(dir, 'devnet'), '{}')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('devnetFromSpec', () => {
  test('maps every spec form to its backend, starting nothing', () => {
    const names = (spec: string) => devnetFromSpec(spec, { cwd: dir }).name
    expect(names('embedded')).toBe('embedded')
    expect(names('testcontainers')).toBe('testcontainers')
    expect(names('testcontainers:devnet.yaml')).toBe('testcontainers')
    expect(names('kurtosis:op-devnet')).toBe('kurtosis')
    expect(names('https://devnets.example/alphanet.json')).toBe('descriptor')
    expect(names('./devnet.json')).toBe('descriptor')
    expect(names('descriptors/alphanet.json')).toBe('descriptor')
    // An existing file is a descriptor even without .json.
    expect(names('devnet')).toBe('descriptor')
  })

  test('an unknown spec lists the ones it knows', () => {
    expect(() => devnetFromSpec('embeded', { cwd: dir })).toThrowErrorMatchingInlineSnapshot(
      `[DevnetInputError: unknown devnet spec "embeded"]`,
    )
    const error = (() => {
      try {
        devnetFromSpec('embeded', { cwd: dir })
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(DevnetInputError)
    expect((error as DevnetInputError).hint).toMatchInlineSnapshot(`
        "A devnet spec is one of:
          embedded                       two anvil processes (the default)
          testcontainers[:<definition>]  containers from a devnet definition (default: devnet/definitions/default.yaml)
          kurtosis:<enclave>             a Kurtosis enclave (with --kurtosis-args <file>: created first, removed after)
          <path> | http(s)://<url>       a devnet-sdk descriptor of a devnet that runs already"
      `)
  })

  test('kurtosis needs an enclave; the args file only goes with kurtosis', () => {
    expect(() => devnetFromSpec('kurtosis:')).toThrow(
      'kurtosis: needs an enclave name, e.g. kurtosis:op-devnet',
    )
    expect(() => devnetFromSpec('embedded', { kurtosisArgsFile: 'args.yaml' })).toThrow(
      'a kurtosis args file applies only to kurtosis:<enclave>',
    )
    expect(() => devnetFromSpec('testcontainers:')).toThrow(
      'testcontainers: needs a definition file after the colon',
    )
  })

  test('a kurtosis package goes with a created enclave and is one locator, not a flag', () => {
    expect(
      devnetFromSpec('kurtosis:op-devnet', {
        kurtosisArgsFile: 'args.yaml',
        kurtosisPackage: 'github.com/ethpandaops/optimism-package@1.4.0',
      }).name,
    ).toBe('kurtosis')
    expect(() =>
      devnetFromSpec('kurtosis:op-devnet', { kurtosisPackage: 'github.com/x/y@1' }),
    ).toThrow('a kurtosis package applies only when the enclave is created (--kurtosis-args)')
    for (const kurtosisPackage of ['', '--image-download', 'github.com/x/y @1']) {
      expect(() =>
        devnetFromSpec('kurtosis:op-devnet', { kurtosisArgsFile: 'args.yaml', kurtosisPackage }),
      ).toThrow(`kurtosis package "${kurtosisPackage}" is not a package locator`)
    }
  })

  test('a descriptor path that does not exist fails at start, naming the file', async () => {
    await expect(
      devnetFromSpec('missing.json', { cwd: dir }).start({ timeoutMs: 1_000 }),
    ).rejects.toThrow('cannot read devnet descriptor missing.json: no such file')
  })

  test('a testcontainers definition that does not exist fails at start, naming the file', async () => {
    await expect(
      devnetFromSpec('testcontainers:nope.yaml', { cwd: dir }).start({ timeoutMs: 1_000 }),
    ).rejects.toThrow(`cannot read devnet definition ${join(dir, 'nope.yaml')}: no such file`)
  })
})
