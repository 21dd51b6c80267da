import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseData, readDataFile } from './DataFile.js'

describe('readDataFile', () => {
  test('reads YAML and JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signalbox-data-'))
    await writeFile(join(dir, 'a.yaml'), 'gates:\n  pr:\n    description: quick\n')
    await writeFile(join(dir, 'b.json'), '{"name": "devnet", "l2": []}')
    expect(await readDataFile(join(dir, 'a.yaml'), 'gates file', dir)).toEqual({
      gates: { pr: { description: 'quick' } },
    })
    expect(await readDataFile(join(dir, 'b.json'), 'descriptor', dir)).toEqual({
      name: 'devnet',
      l2: [],
    })
  })

  test('a missing file is named, relative to the working directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signalbox-data-'))
    await expect(
      readDataFile(join(dir, 'gates', 'nope.yaml'), 'gates file', dir),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputError: cannot read the gates file gates/nope.yaml: no such file]`,
    )
  })
})

describe('parseData', () => {
  test('a syntax error names the file, line and column', () => {
    expect(() =>
      parseData('gates:\n  pr:\n    description: "unclosed\n', 'gates.yaml', 'gates file'),
    ).toThrowError(/^the gates file gates\.yaml:4:1 is not valid YAML: Missing closing "quote$/)
  })

  test('a duplicate key is an error, not a silent overwrite', () => {
    expect(() =>
      parseData('gates:\n  pr: {}\n  pr: {}\n', 'gates.yaml', 'gates file'),
    ).toThrowError(/gates\.yaml:3:3 is not valid YAML: Map keys must be unique/)
  })
})
