import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { compileCounter, sourcePath } from './compile.js'
import { counterArtifact } from './counter.artifact.js'

describe('the committed Counter artifact', () => {
  test('was compiled from the Counter.sol beside it', async () => {
    const source = await readFile(sourcePath, 'utf8')
    expect(
      counterArtifact.sourceSha256,
      'Counter.sol changed: run `npx tsx suites/contracts/compile.ts`',
    ).toBe(createHash('sha256').update(source).digest('hex'))
  })

  test('is what compile.ts produces today', { timeout: 30_000 }, async () => {
    const compiled = await compileCounter()
    expect(JSON.parse(JSON.stringify(counterArtifact))).toEqual(compiled)
  })
})
