import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from './Anvil.js'
import { clientVersionOf } from './ClientVersion.js'
import { devMnemonic } from './Wallets.js'

let anvil: AnvilProcess
beforeAll(async () => {
  anvil = await startAnvil({
    label: 'l1',
    chainId: 900,
    mnemonic: devMnemonic,
    accounts: 1,
    balanceEther: 1,
    timeoutMs: 10_000,
    binary: resolveAnvilBinary(),
  })
})
afterAll(() => anvil.stop())

describe('clientVersionOf', () => {
  test('reads what the node says it runs', async () => {
    expect(await clientVersionOf(anvil.rpcUrl)).toMatch(/^anvil\/v\d+\.\d+\.\d+/)
  })

  test('undefined, not an error, when nothing answers', async () => {
    expect(await clientVersionOf('http://127.0.0.1:9', 300)).toBeUndefined()
  })
})
