import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from './Anvil.js'
import { listenToStarts } from './Started.js'
import { deriveWallets, devMnemonic } from './Wallets.js'

// A valid BIP39 mnemonic that is not anvil's default.
const ownMnemonic = 'legal winner thank year wave sausage worth useful legal winner thank yellow'

const running: AnvilProcess[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((node) => node.stop()))
})

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await response.json()) as { result: unknown }).result
}

/** Starts anvil with `mnemonic`; returns it and the command line /proc shows for its process. */
async function anvilWith(mnemonic: string) {
  const pids: number[] = []
  const unlisten = listenToStarts({
    started: (thing) => {
      if (thing.kind === 'process') pids.push(thing.pid)
    },
    stopped: () => {},
  })
  try {
    const node = await startAnvil({
      label: 'l1',
      chainId: 900,
      mnemonic,
      accounts: 3,
      balanceEther: 1_000,
      timeoutMs: 30_000,
      binary: resolveAnvilBinary(),
    })
    running.push(node)
    expect(pids).toHaveLength(1)
    const commandLine = readFileSync(`/proc/${pids[0]}/cmdline`, 'utf8').split('\0').join(' ')
    return { node, commandLine }
  } finally {
    unlisten()
  }
}

describe('the mnemonic stays off anvil’s command line (which every user sees in ps)', () => {
  test.each([
    ['another mnemonic', ownMnemonic],
    ['the dev mnemonic', devMnemonic],
  ])('%s: not in /proc/<pid>/cmdline, and its first accounts are funded', async (_, mnemonic) => {
    const { node, commandLine } = await anvilWith(mnemonic)
    expect(commandLine).toContain('anvil')
    expect(commandLine).toContain('--chain-id 900')
    expect(commandLine).not.toContain('--mnemonic')
    // No two of its words in a row.
    const words = mnemonic.split(' ')
    for (let index = 0; index + 1 < words.length; index++)
      expect(commandLine).not.toContain(`${words[index]} ${words[index + 1]}`)
    for (const wallet of deriveWallets(mnemonic, 3))
      expect(
        BigInt((await rpc(node.rpcUrl, 'eth_getBalance', [wallet.address, 'latest'])) as string),
      ).toBe(1_000n * 10n ** 18n)
  })

  test('with another mnemonic, anvil’s own well-known accounts are not funded', async () => {
    const { node } = await anvilWith(ownMnemonic)
    expect(await rpc(node.rpcUrl, 'eth_accounts')).toEqual([])
    const [wellKnown] = deriveWallets(devMnemonic, 1)
    expect(await rpc(node.rpcUrl, 'eth_getBalance', [wellKnown?.address, 'latest'])).toBe('0x0')
  })
})
