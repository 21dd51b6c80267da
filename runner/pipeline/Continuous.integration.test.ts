import { describe, expect, test } from 'vitest'
import { RunError } from '../../core/index.js'
import { embeddedDevnet } from '../../devnet/index.js'
import { type IterationEnd, runContinuously } from './Continuous.js'

/** eth_blockNumber of a node, or an error when nothing answers. */
async function blockNumber(rpcUrl: string): Promise<bigint> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
  })
  const body = (await response.json()) as { result: string }
  return BigInt(body.result)
}

describe('runContinuously on a real embedded devnet', () => {
  test('every iteration gets the one devnet; a failed iteration is counted and the loop goes on; the devnet is stopped at the end', async () => {
    const controller = new AbortController()
    const urls: string[] = []
    const ends: Array<[number, IterationEnd['type']]> = []
    const outcome = await runContinuously({
      devnet: embeddedDevnet({ l1BlockTimeSeconds: 1 }),
      everyMs: 300,
      signal: controller.signal,
      iterate: async (held, iteration) => {
        // What each iteration's run does: start the devnet, use it, stop it.
        const devnet = await held.start({ timeoutMs: 1_000 })
        const [l1] = devnet.descriptor.chains
        if (!l1) throw new Error('no L1')
        urls.push(l1.rpcUrl)
        expect(await blockNumber(l1.rpcUrl)).toBeGreaterThanOrEqual(0n)
        await devnet.stop()
        if (iteration === 2) throw new RunError('the suites folder went away')
        if (iteration === 4) controller.abort()
        return iteration === 3 ? 1 : 0
      },
      onIterationEnd: (end, iteration) => ends.push([iteration, end.type]),
    })
    expect(ends).toEqual([
      [1, 'finished'],
      [2, 'failed'],
      [3, 'finished'],
      [4, 'finished'],
    ])
    expect(outcome).toEqual({ iterations: 4, failed: 1, exitCode: 0 })
    // One devnet kept up: the same node every time, though each iteration "stopped" it.
    expect(new Set(urls).size).toBe(1)
    // Stopped when the loop ended.
    await expect(blockNumber(urls[0] ?? '')).rejects.toThrow()
  })

  test('an abort while the devnet starts runs no iteration and stops the devnet', async () => {
    const controller = new AbortController()
    const backend = embeddedDevnet()
    let rpcUrl = ''
    const outcome = await runContinuously({
      devnet: {
        name: backend.name,
        start: async (options) => {
          const devnet = await backend.start(options)
          rpcUrl = devnet.descriptor.chains[0]?.rpcUrl ?? ''
          controller.abort()
          return devnet
        },
      },
      everyMs: 1_000,
      signal: controller.signal,
      iterate: async () => 0,
    })
    expect(outcome).toEqual({ iterations: 0, failed: 0, exitCode: 2 })
    await expect(blockNumber(rpcUrl)).rejects.toThrow()
  })

  test('an iteration that breaks off last makes the exit code 2', async () => {
    const controller = new AbortController()
    const outcome = await runContinuously({
      devnet: embeddedDevnet(),
      everyMs: 10_000,
      signal: controller.signal,
      iterate: async () => {
        controller.abort()
        throw new Error('a bug in an iteration')
      },
    })
    expect(outcome).toEqual({ iterations: 1, failed: 1, exitCode: 2 })
  })

  test('the wait between iterations ends at once on an abort', async () => {
    const controller = new AbortController()
    let started = 0
    const outcome = await runContinuously({
      devnet: embeddedDevnet(),
      everyMs: 60 * 60_000,
      signal: controller.signal,
      iterate: async () => {
        started = Date.now()
        setTimeout(() => controller.abort(), 300)
        return 0
      },
    })
    expect(outcome.iterations).toBe(1)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
