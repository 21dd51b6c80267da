import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { deriveWallets, devMnemonic } from '../devnet/Embedded.js'
import { Results } from '../gates/Results.js'
import { repoRoot, runCli } from './cli.js'

const scratch: string[] = []
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** Whether a process runs: exists and is not a zombie (an exited orphan PID 1 has not reaped yet). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

describe('signalbox devnet: one devnet held across runs', () => {
  test('up → status → run --devnet running → describe → run on the described file → down, nothing left', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'signalbox-devnet-'))
    scratch.push(cwd)
    const suites = join(repoRoot, 'suites', 'base')
    try {
      const up = await runCli(['devnet', 'up'], { cwd })
      expect(up.code).toBe(0)
      const state = JSON.parse(
        await readFile(join(cwd, '.signalbox', 'devnet', 'state.json'), 'utf8'),
      )
      expect(isAlive(state.pid)).toBe(true)

      const status = await runCli(['devnet', 'status', '--json'], { cwd })
      expect(status.code).toBe(0)
      expect(
        JSON.parse(status.stdout).health.map((check: { check: string }) => check.check),
      ).toEqual(
        expect.arrayContaining(['rpc-reachable', 'chain-id', 'head-advancing', 'wallets-funded']),
      )

      const run = await runCli(
        ['run', '--suites', suites, '--devnet', 'running', '--out', 'run1'],
        { cwd },
      )
      expect(run.code).toBe(0)
      const results = Results.parse(
        JSON.parse(await readFile(join(cwd, 'run1', 'results.json'), 'utf8')),
      )
      expect(results.run.devnet.backend).toBe('descriptor')
      expect(results.health.length).toBeGreaterThan(0)
      expect(results.health.every((check) => check.ok)).toBe(true)

      const keys = deriveWallets(devMnemonic, 32).map((wallet) => wallet.privateKey)
      const shown = await runCli(['devnet', 'describe'], { cwd })
      for (const key of keys) expect(shown.stdout).not.toContain(key)
      expect(shown.stdout).toContain('[REDACTED]')

      const described = await runCli(
        ['devnet', 'describe', '--with-keys', '--out', 'descriptor.json'],
        { cwd },
      )
      expect(described.code).toBe(0)
      const again = await runCli(
        ['run', '--suites', suites, '--devnet', 'descriptor.json', '--out', 'run2'],
        { cwd },
      )
      expect(again.code).toBe(0)
      for (const file of ['run1', 'run2']) {
        const written = await readFile(join(cwd, file, 'results.json'), 'utf8')
        for (const key of keys) expect(written).not.toContain(key.slice(2))
      }

      const down = await runCli(['devnet', 'down'], { cwd })
      expect(down.code).toBe(0)
      expect(isAlive(state.pid)).toBe(false)
      const after = await runCli(['run', '--suites', suites, '--devnet', 'running'], { cwd })
      expect(after.code).toBe(2)
      expect(after.stderr).toContain('no devnet is up in this folder')
    } finally {
      await runCli(['devnet', 'down'], { cwd })
    }
  })
})
