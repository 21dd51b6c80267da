import { execFile } from 'node:child_process'
import { access, readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { readResults, runCli, scratchFolders } from './cli.js'
import { claimIds, independentSuites, interactingSuites } from './fixtures/interactionSuites.js'

const exec = promisify(execFile)
const scratch = scratchFolders()

describe('signalbox run --isolate', () => {
  test('two features that pass alone and break together: an interaction finding naming both', async () => {
    const cwd = await scratch('isolate', interactingSuites)
    const run = await runCli(['run', '--isolate', '--out', 'out'], { cwd })

    // The failure together is an open SEV1 (unclassified): the pr gate blocks.
    expect(run.code, run.stderr).toBe(1)
    const results = await readResults(join(cwd, 'out'))
    const isolation = results.run.isolation
    expect(
      isolation?.features.map(({ feature, passed, failed, complete }) => ({
        feature,
        passed,
        failed,
        complete,
      })),
    ).toEqual([
      { feature: 'oracle', passed: 2, failed: 0, complete: true },
      { feature: 'registry', passed: 2, failed: 0, complete: true },
    ])
    const [interaction, ...more] = isolation?.interactions ?? []
    expect(more).toEqual([])
    expect(claimIds).toContain(interaction?.testId)
    expect(interaction?.alone).toBe('passed')
    expect(interaction?.together).toBe('failed')
    const other = interaction?.feature === 'oracle' ? 'registry' : 'oracle'
    expect(interaction?.features).toEqual([interaction?.feature, other])

    const [finding] = results.verdicts[0]?.findings ?? []
    expect(finding?.id).toBe(interaction?.testId)
    expect(finding?.severity).toBe('SEV1')
    expect(finding?.interaction?.features).toEqual(interaction?.features)
    const alone = isolation?.features.find((entry) => entry.feature === interaction?.feature)
    expect(finding?.interaction?.isolatedRunId).toBe(alone?.runId)
    expect(finding?.title).toMatch(new RegExp(`^passes alone, fails with ${other} on one devnet: `))

    // The terminal and the readiness and HTML reports say it (junit.xml lists tests, not findings).
    expect(run.stdout).toContain('Interactions (1 test passed alone and failed together):')
    expect(run.stdout).toContain(
      `${interaction?.testId} [failed]: passes alone, fails with ${other}`,
    )
    for (const report of ['readiness.md', 'report.html']) {
      expect(await readFile(join(cwd, 'out', report), 'utf8'), report).toContain(
        `passes alone, fails with ${other} on one devnet`,
      )
    }
    // Each feature's run alone has its own reports.
    for (const feature of ['oracle', 'registry']) {
      const own = await readResults(join(cwd, 'out', 'isolated', feature))
      expect(own.tests.map((entry) => entry.feature)).toEqual([feature, feature])
      expect(own.tests.every((entry) => entry.status === 'passed')).toBe(true)
    }
  })

  test('features that share nothing: no interaction, the run promotes', async () => {
    const cwd = await scratch('isolate-clean', independentSuites)
    const run = await runCli(['run', '--isolate', '--out', 'out'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const results = await readResults(join(cwd, 'out'))
    expect(results.run.isolation?.interactions).toEqual([])
    expect(results.run.isolation?.features.map((entry) => entry.feature)).toEqual(['alpha', 'beta'])
    expect(run.stdout).toContain('Interactions: none')
  })

  test('SIGINT while the features run alone: exit 2, every devnet stopped', async () => {
    const cwd = await scratch('isolate-sigint', {
      'suites/slow/wait.accept.ts': `import { test } from 'signalbox/suite'\ntest('waits', () => new Promise((resolve) => setTimeout(resolve, 30_000)), 60_000)\n`,
      'suites/slower/wait.accept.ts': `import { test } from 'signalbox/suite'\ntest('waits', () => new Promise((resolve) => setTimeout(resolve, 30_000)), 60_000)\n`,
    })
    const atOnce = Math.min(2, Math.max(1, Math.floor(availableParallelism() / 2)))
    let anvilPids: string[] = []
    let interrupted = false
    const run = await runCli(['run', '--isolate', '--out', 'out'], {
      cwd,
      onSpawn: (child) => {
        const poll = setInterval(async () => {
          if (interrupted) return
          // As many features alone at once as there are pairs of CPUs (at least one): two anvils each.
          const found = await exec('pgrep', ['-P', String(child.pid), '-f', 'anvil']).then(
            ({ stdout }) => stdout.trim().split('\n').filter(Boolean),
            () => [],
          )
          if (found.length < 2 * atOnce || interrupted) return
          interrupted = true
          anvilPids = found
          child.kill('SIGINT')
        }, 250)
        child.once('exit', () => clearInterval(poll))
      },
    })
    expect(anvilPids).toHaveLength(2 * atOnce)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('SIGINT')
    for (const pid of anvilPids) expect(() => process.kill(Number(pid), 0)).toThrow()
    // No run of the features together after an interrupt.
    await expect(access(join(cwd, 'out', 'results.json'))).rejects.toThrow()
  })

  test('refuses a devnet it cannot start once per feature, and a single feature', async () => {
    const cwd = await scratch('isolate-refused', {
      'suites/alpha/alpha.accept.ts': independentSuites['suites/alpha/alpha.accept.ts'] ?? '',
      'devnet.json': '{}',
    })
    const one = await runCli(['run', '--isolate'], { cwd })
    expect(one.code).toBe(2)
    expect(one.stderr).toContain(
      '--isolate needs tests of two features or more; the gates select only "alpha"',
    )
    const attached = await runCli(
      ['run', '--isolate', '--devnet', 'http://127.0.0.1:9/devnet.json'],
      {
        cwd,
      },
    )
    expect(attached.code).toBe(2)
    expect(attached.stderr).toMatch(/--isolate needs a devnet signalbox starts for each feature/)
  })
})
