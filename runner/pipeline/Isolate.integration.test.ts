import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { embeddedDevnet } from '../../devnet/index.js'
import { resolveGate } from '../../gates/index.js'
import { writeFiles } from '../../test/cli.js'
import { independentSuites } from '../../test/fixtures/interactionSuites.js'
import { runIsolated } from './Isolate.js'

const folders: string[] = []
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))))

const pr = resolveGate({ version: 1, gates: { pr: { description: 'every test' } } }, 'pr')

describe('runIsolated', () => {
  test('a feature whose devnet of its own cannot start makes the run together an error, though every test passes together', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-isolate-fault-'))
    folders.push(cwd)
    await writeFiles(cwd, independentSuites)
    const real = embeddedDevnet()
    // The first devnet asked for gets an anvil that does not exist; the others are real.
    const broken = embeddedDevnet({ anvilBinary: join(cwd, 'no-such-anvil') })
    let starts = 0
    const outcome = await runIsolated({
      cwd,
      suitesRoot: join(cwd, 'suites'),
      gates: [pr],
      concurrency: 1,
      devnet: {
        name: 'embedded',
        start: (options) => (starts++ === 0 ? broken : real).start(options),
      },
    })
    expect(starts).toBe(3)
    const [alpha, beta] = outcome.alone
    expect(alpha?.outcome.results.run.complete).toBe(false)
    expect(beta?.outcome.results.run.complete).toBe(true)
    const together = outcome.together
    expect(together?.results.tests.map((entry) => entry.status)).toEqual(['passed', 'passed'])
    expect(together?.exitCode).toBe(2)
    expect(together?.results.verdicts[0]?.decision).toBe('error')
    expect(together?.results.run.complete).toBe(false)
    expect(together?.results.run.error).toContain(
      'the run of "alpha" on a devnet of its own could not complete, so what breaks only in combination is unknown',
    )
    expect(together?.results.run.isolation?.features.map((entry) => entry.complete)).toEqual([
      false,
      true,
    ])
  })
})
