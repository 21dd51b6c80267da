import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
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

describe('inputs that would hang or crash a reader', () => {
  test('a FIFO is refused at once, not waited on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signalbox-data-'))
    const fifo = join(dir, 'gates.yaml')
    await promisify(execFile)('mkfifo', [fifo])
    await expect(readDataFile(fifo, 'gates file', dir)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputError: cannot read the gates file gates.yaml: it is not a regular file (a pipe, socket or device)]`,
    )
  })

  test('a device such as /dev/urandom is refused at once', async () => {
    await expect(readDataFile('/dev/urandom', 'readiness file', '/')).rejects.toThrow(
      'cannot read the readiness file dev/urandom: it is not a regular file',
    )
  })

  test('a directory is named as such', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signalbox-data-'))
    await expect(readDataFile(dir, 'gates file', dir)).rejects.toThrow('it is a directory')
  })

  test('a YAML alias bomb is an input error naming the file, not a crash', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n')
    expect(() => parseData(bomb, 'gates.yaml', 'gates file')).toThrow(
      /^the gates file gates.yaml cannot be read: /,
    )
  })

  test('a file nested a thousand levels deep is refused before the YAML parser overflows its stack', () => {
    // Found by fuzzing (test/inputs.property.integration.test.ts): the overflow left V8 unable to
    // compile regular expressions, and the next file parsed killed the process (fatal OOM, no exit 2).
    const blockNested = Array.from({ length: 1_000 }, (_, level) => `${' '.repeat(level)}-`).join(
      '\n',
    )
    for (const deep of ['['.repeat(1_000), '{"a":'.repeat(5_000), blockNested]) {
      expect(() => parseData(deep, 'results.json', 'results file')).toThrowError(
        /^the results file results\.json nests deeper than 256 levels$/,
      )
    }
    // What comes next still parses, and files nested as deep as allowed are read.
    expect(parseData('a: [1, {b: 2}]', 'next.yaml', 'gates file')).toEqual({ a: [1, { b: 2 }] })
    const allowed = parseData(`${'['.repeat(256)}${']'.repeat(256)}`, 'r.json', 'results file')
    expect(JSON.stringify(allowed)).toBe(`${'['.repeat(256)}${']'.repeat(256)}`)
  })
})
