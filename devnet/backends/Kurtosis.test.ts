import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ethereumPackageDefaultMnemonic, parseGenesisMnemonic } from './Kurtosis.js'

describe('parseGenesisMnemonic', () => {
  test('the first mnemonic of el_cl_genesis_data/mnemonics.yaml (fixtures/kurtosis/README.md)', () => {
    const published = readFileSync(
      join(
        import.meta.dirname,
        'fixtures',
        'kurtosis',
        'files',
        'el_cl_genesis_data',
        'mnemonics.yaml',
      ),
      'utf8',
    )
    expect(parseGenesisMnemonic(published)).toBe(ethereumPackageDefaultMnemonic)
  })

  test('a file without a mnemonic, or not YAML, has none', () => {
    expect(parseGenesisMnemonic('- count: 64\n')).toBeUndefined()
    expect(parseGenesisMnemonic('[')).toBeUndefined()
    expect(parseGenesisMnemonic('')).toBeUndefined()
  })
})
