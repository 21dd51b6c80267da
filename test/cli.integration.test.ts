import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { Results } from '../core/index.js'
import { deriveWallets, devMnemonic } from '../devnet/Wallets.js'
import { readResults, repoRoot, runCli, scratchFolders, writeFiles } from './cli.js'

const exec = promisify(execFile)
const tempDir = scratchFolders()

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

describe('signalbox run on the shipped suites', () => {
  test('passes on the embedded devnet: exit 0, results.json with every base test passed', async () => {
    const out = await tempDir('out')
    const run = await runCli(['run', '--out', out], { cwd: repoRoot })

    expect(run.stderr).not.toMatch(/error/i)
    expect(run.code).toBe(0)
    const results = await readResults(out)
    expect(results.run.complete).toBe(true)
    expect(results.run.devnet.chains.map((chain) => [chain.role, chain.chainId])).toEqual([
      ['l1', 900],
      ['l2', 901],
    ])
    expect(
      results.tests.filter((result) => result.feature === 'base').length,
    ).toBeGreaterThanOrEqual(6)
    // Every shipped test passes, or skips with its reason where the devnet lacks a feature.
    const notPassed = results.tests.filter(
      (result) => result.status !== 'passed' && !(result.status === 'skipped' && result.skipReason),
    )
    expect(notPassed).toEqual([])
    expect(results.verdicts.map((verdict) => verdict.decision)).toEqual(['promote'])
    expect(run.stdout).toContain('PROMOTE')
  })

  test('--json prints the results instead of the table', async () => {
    const out = await tempDir('out')
    const run = await runCli(['run', '--out', out, '--json'], { cwd: repoRoot })

    expect(run.code).toBe(0)
    const printed = Results.parse(JSON.parse(run.stdout))
    expect(printed).toEqual(await readResults(out))
  })
})

describe('signalbox run in a team project that installed signalbox by path', () => {
  let project: string

  beforeAll(async () => {
    project = await tempDir('team')
    await writeFiles(project, {
      'package.json': JSON.stringify({ name: 'team-token', private: true, type: 'module' }),
      'acceptance/token/mint.accept.ts': `
import { describe, expect, test } from 'signalbox/suite'
import { parseEther } from 'viem'

describe('token', { meta: { severity: 'SEV1', owner: 'token-team' } }, () => {
  test('sends value on L2', async ({ l2, wallet }) => {
    const hash = await wallet.l2.sendTransaction({ to: wallet.account.address, value: parseEther('1') })
    const receipt = await l2.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
  })

  test('supply is what the spec says', async ({ l2 }) => {
    expect(await l2.getChainId()).toBe(4242)
  })
})
`,
    })
    // As a team would: signalbox by path, and viem (which the suite imports) as its own dependency.
    const viemVersion = JSON.parse(
      await readFile(join(repoRoot, 'node_modules/viem/package.json'), 'utf8'),
    ).version
    await exec(
      'npm',
      [
        'install',
        '--ignore-scripts',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        repoRoot,
        `viem@${viemVersion}`,
      ],
      { cwd: project },
    )
  })

  test('runs the team suites with --suites: a failing test blocks with exit 1', async () => {
    const run = await runCli(['run', '--suites', 'acceptance', '--out', 'out'], {
      cwd: project,
      executable: join(project, 'node_modules', '.bin', 'signalbox'),
    })

    expect(run.code).toBe(1)
    const results = await readResults(join(project, 'out'))
    const byName = Object.fromEntries(results.tests.map((result) => [result.name, result]))
    expect(byName['sends value on L2']).toMatchObject({
      id: 'token/mint.accept.ts > token > sends value on L2',
      feature: 'token',
      owner: 'token-team',
      severity: 'SEV1',
      status: 'passed',
    })
    expect(byName['supply is what the spec says']).toMatchObject({
      status: 'failed',
      severity: 'SEV1',
    })
    expect(byName['supply is what the spec says']?.error?.message).toContain('4242')
    expect(results.verdicts[0]?.decision).toBe('block')
    expect(run.stdout).toContain('BLOCK')
  })
})

describe('signalbox run refuses what it cannot decide: exit 2', () => {
  test('a suites folder without tests is an error, never a pass, and writes nothing', async () => {
    const cwd = await tempDir('empty')
    await mkdir(join(cwd, 'suites', 'base'), { recursive: true })
    const run = await runCli(['run'], { cwd })

    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`error: no acceptance suites in ${join(cwd, 'suites')}`)
    expect(await readdir(cwd)).toEqual(['suites'])
  })

  test('a missing suites folder names the folder', async () => {
    const cwd = await tempDir('missing')
    const run = await runCli(['run', '--suites', 'nope'], { cwd })

    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`error: suites folder not found: ${join(cwd, 'nope')}`)
  })

  test('a syntax error in a suite file names the file; the run is incomplete, verdict error', async () => {
    const cwd = await tempDir('syntax')
    await writeFiles(cwd, {
      'suites/base/ok.accept.ts': `import { expect, test } from 'signalbox/suite'\ntest('ok', () => expect(1).toBe(1))\n`,
      'suites/broken/bad.accept.ts': `import { test } from 'signalbox/suite'\ntest('bad', () => { const = 1 })\n`,
    })
    const run = await runCli(['run', '--out', 'out'], { cwd })

    expect(run.code).toBe(2)
    expect(run.stderr).toContain('broken/bad.accept.ts')
    const results = await readResults(join(cwd, 'out'))
    expect(results.run.complete).toBe(false)
    expect(results.run.error).toContain('broken/bad.accept.ts')
    expect(results.verdicts[0]?.decision).toBe('error')
  })

  test('anvil missing: says where it looked and how to fix it', async () => {
    const cwd = await tempDir('no-anvil')
    const run = await runCli(['run', '--suites', join(repoRoot, 'suites'), '--out', 'out'], {
      cwd,
      env: { SIGNALBOX_ANVIL_BIN: '/nonexistent/anvil' },
    })

    expect(run.code).toBe(2)
    expect(run.stderr).toContain('error: anvil binary not found at /nonexistent/anvil')
    expect(run.stderr).toContain('SIGNALBOX_ANVIL_BIN')
    const results = await readResults(join(cwd, 'out'))
    expect(results.verdicts[0]?.decision).toBe('error')
  })

  test('anvil failing at start: the error carries the tail of its output', async () => {
    const cwd = await tempDir('bad-anvil')
    const fakeAnvil = join(cwd, 'anvil')
    await writeFile(
      fakeAnvil,
      '#!/bin/sh\necho "starting"\necho "error: address already in use (os error 98)" >&2\nexit 3\n',
    )
    await chmod(fakeAnvil, 0o755)
    const run = await runCli(['run', '--suites', join(repoRoot, 'suites'), '--out', 'out'], {
      cwd,
      env: { SIGNALBOX_ANVIL_BIN: fakeAnvil },
    })

    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/error: anvil \(l[12]\) exited during start \(exit code 3\)/)
    expect(run.stderr).toContain('address already in use (os error 98)')
  })
})

describe('signalbox run stops everything it started', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s mid-run: verdict error, exit 2, the running test named, no anvil left running',
    async (signal) => {
      const cwd = await tempDir(signal.toLowerCase())
      await writeFiles(cwd, {
        'suites/slow/wait.accept.ts': `import { writeFileSync } from 'node:fs'
import { test } from 'signalbox/suite'
test('waits', async () => {
  writeFileSync(process.env.STARTED_MARKER, '')
  await new Promise((resolve) => setTimeout(resolve, 30_000))
}, 60_000)
`,
      })
      const marker = join(cwd, 'started')
      let anvilPids: string[] = []
      const run = await runCli(['run', '--out', 'out'], {
        cwd,
        env: { STARTED_MARKER: marker },
        onSpawn: async (child) => {
          // While the test runs (its start reaches signalbox within vitest's 100 ms updates).
          while (!existsSync(marker) && child.exitCode === null) await delay(100)
          await delay(500)
          const { stdout } = await exec('pgrep', ['-P', String(child.pid), '-f', 'anvil'])
          anvilPids = stdout.trim().split('\n').filter(Boolean)
          child.kill(signal)
        },
      })

      expect(anvilPids).toHaveLength(2)
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(signal)
      const results = await readResults(join(cwd, 'out'))
      // The test running when the signal came is named, and recorded once, as vitest tells of
      // a cancelled test: skipped, neither passed nor a finding.
      expect(results.run.error).toContain('still running: "slow/wait.accept.ts > waits"')
      expect(results.tests.map((result) => [result.id, result.status, result.skipReason])).toEqual([
        ['slow/wait.accept.ts > waits', 'skipped', 'The test run was aborted by the user.'],
      ])
      expect(results.run.complete).toBe(false)
      expect(results.verdicts[0]?.decision).toBe('error')
      for (const pid of anvilPids) {
        expect(() => process.kill(Number(pid), 0)).toThrow()
      }
    },
  )
})

describe('a signal while the devnet starts (vitest is created meanwhile)', () => {
  /** The anvil processes running with `cwd` as their working directory: what a run there started. */
  async function anvilsIn(cwd: string): Promise<number[]> {
    const { stdout } = await exec('pgrep', ['-f', 'anvil']).catch(() => ({ stdout: '' }))
    const pids = stdout.trim().split('\n').filter(Boolean).map(Number)
    const here: number[] = []
    for (const pid of pids) {
      const where = await readlink(`/proc/${pid}/cwd`).catch(() => '')
      if (where === cwd) here.push(pid)
    }
    return here
  }

  // From the line that says the devnet is asked for, anvil starts while vitest is loaded and
  // created; a signal at any point of that must be signalbox's to handle, and stop what started.
  // (That vitest's own exiting handlers never stay in place meanwhile is checked deterministically
  // in test/pipeline.integration.test.ts; these delays may or may not fall into that window.)
  test.each([0, 250, 500, 1000])(
    'SIGINT %i ms after the devnet is asked for: exit 2, no anvil left',
    async (delayMs) => {
      const cwd = await tempDir(`early-sigint-${delayMs}`)
      await writeFiles(cwd, {
        'suites/quick/quick.accept.ts': `import { expect, test } from 'signalbox/suite'
test('answers', async ({ l2 }) => expect(await l2.getChainId()).toBe(901))
`,
      })
      const run = await runCli(['run', '--out', 'out'], {
        cwd,
        onSpawn: (child) => {
          let stderr = ''
          let signalled = false
          child.stderr?.on('data', (chunk) => {
            stderr += chunk
            if (!signalled && stderr.includes('starting the embedded devnet')) {
              signalled = true
              setTimeout(() => child.kill('SIGINT'), delayMs)
            }
          })
        },
      })

      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toContain('SIGINT: interrupting')
      expect(await anvilsIn(cwd)).toEqual([])
    },
  )
})

describe('secrets', () => {
  test('no private key of the devnet appears in anything a run wrote or printed', async () => {
    const cwd = await tempDir('secrets')
    await writeFiles(cwd, {
      'suites/leak/leak.accept.ts': `import { expect, test } from 'signalbox/suite'
test('leaks its key into the error', ({ devnet }) => {
  const key = devnet.wallets[0]?.privateKey ?? ''
  console.log('key', key)
  expect(key).toBe('https://user:hunter2@rpc.example.org ' + key.slice(2))
})
`,
    })
    const run = await runCli(['run', '--out', 'out'], { cwd })

    expect(run.code).toBe(1)
    const keys = deriveWallets(devMnemonic, 32).map((wallet) =>
      wallet.privateKey.slice(2).toLowerCase(),
    )
    // Everything but the suite itself, which holds the URL password on purpose.
    const producedFiles = [
      ...(await filesUnder(join(cwd, 'out'))),
      ...(await filesUnder(join(cwd, '.signalbox'))),
    ]
    const written = await Promise.all(producedFiles.map((file) => readFile(file, 'utf8')))
    const everything = [...written, run.stdout, run.stderr].join('\n').toLowerCase()
    expect(everything).toContain('[redacted]')
    for (const key of keys) expect(everything).not.toContain(key)
    expect(everything).not.toContain('hunter2')
  })
})
