import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../devnet/Anvil.js'
import type { DevnetDescriptor } from '../devnet/Descriptor.js'
import { deriveWallets, devMnemonic } from '../devnet/Wallets.js'
import { fundSubFunders, planSubFunders } from '../runner/pipeline/SubFunders.js'
import { median } from './stats.js'

// What funding adds to the start of a run (issue 10): the preflight, which a
// run waits for before its health checks, and the funding of one sub-funder
// per worker, which overlaps vitest's start-up (a test waits for it only if
// it asks for accounts before it is done). One funded wallet, anvil L1 + L2,
// on demand and with a 1 s block time; 1 and 4 workers; median of 5.
// Run: node --import tsx bench/faucet.ts

async function devnetOf(blockTimeSeconds?: number) {
  const binary = resolveAnvilBinary()
  const anvils = await Promise.all(
    [900, 901].map((chainId) =>
      startAnvil({
        label: String(chainId),
        chainId,
        mnemonic: devMnemonic,
        accounts: 1,
        balanceEther: 1_000_000,
        timeoutMs: 30_000,
        binary,
        ...(blockTimeSeconds ? { blockTimeSeconds } : {}),
      }),
    ),
  )
  const descriptor: DevnetDescriptor = {
    name: 'bench',
    backend: 'descriptor',
    chains: anvils.map((anvil, index) => ({
      name: index === 0 ? 'l1' : 'l2',
      role: index === 0 ? 'l1' : 'l2',
      chainId: 900 + index,
      rpcUrl: anvil.rpcUrl,
      nodes: [{ name: `n${index}`, rpcUrl: anvil.rpcUrl }],
      ...(blockTimeSeconds ? { blockTimeSeconds } : {}),
    })),
    wallets: deriveWallets(devMnemonic, 1),
  }
  return { descriptor, anvils }
}

const rounds = 5
for (const blockTimeSeconds of [undefined, 1]) {
  const { descriptor, anvils } = await devnetOf(blockTimeSeconds)
  try {
    for (const workers of [1, 4]) {
      const preflight: number[] = []
      const funded: number[] = []
      for (let round = 0; round < rounds; round++) {
        const start = performance.now()
        const plan = await planSubFunders(descriptor, { workers })
        preflight.push(performance.now() - start)
        const subFunders = fundSubFunders(plan)
        await subFunders.funded
        funded.push(performance.now() - start)
        await subFunders.returnLeftovers()
      }
      const chain = blockTimeSeconds ? `${blockTimeSeconds} s blocks` : 'on demand'
      console.log(
        `${chain.padEnd(12)} ${workers} worker(s): preflight ${median(preflight).toFixed(0)} ms (blocks the start), all sub-funders funded ${median(funded).toFixed(0)} ms (overlaps vitest's start-up)`,
      )
    }
  } finally {
    await Promise.all(anvils.map((anvil: AnvilProcess) => anvil.stop()))
  }
}
