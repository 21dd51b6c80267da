import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../Anvil.js'
import type { DevnetChain, DevnetDescriptor } from '../Descriptor.js'
import type { Devnet, DevnetBackend, StartOptions } from '../Devnet.js'
import { deriveWallets, devMnemonic } from '../Wallets.js'

export interface EmbeddedOptions {
  /** L1 chain id. Default: 900. */
  l1ChainId?: number
  /** L2 chain id. Default: 901. */
  l2ChainId?: number
  /** Funded accounts on each chain. Default: 32, enough for every worker to send in parallel. */
  accounts?: number
  /** Seconds between L1 blocks. Default: 1. */
  l1BlockTimeSeconds?: number
  /** Seconds between L2 blocks. Default: 0.5. */
  l2BlockTimeSeconds?: number
  /** Path to the anvil binary. Default: the one from `@foundry-rs/anvil`. */
  anvilBinary?: string
}

/**
 * The default devnet: two anvil processes on loopback, an L1 and an OP-style
 * L2 (`--network optimism`), funded from one dev mnemonic.
 */
export function embeddedDevnet(options: EmbeddedOptions = {}): DevnetBackend {
  return {
    name: 'embedded',
    start: (startOptions) => startEmbedded(options, startOptions),
  }
}

async function startEmbedded(
  options: EmbeddedOptions,
  { timeoutMs }: StartOptions,
): Promise<Devnet> {
  const binary = options.anvilBinary ?? resolveAnvilBinary()
  const accounts = options.accounts ?? 32
  const chains = [
    {
      name: 'l1',
      role: 'l1' as const,
      chainId: options.l1ChainId ?? 900,
      blockTimeSeconds: options.l1BlockTimeSeconds ?? 1,
    },
    {
      name: 'l2',
      role: 'l2' as const,
      chainId: options.l2ChainId ?? 901,
      blockTimeSeconds: options.l2BlockTimeSeconds ?? 0.5,
      network: 'optimism' as const,
    },
  ]
  const starting = Promise.allSettled(
    chains.map((chain) =>
      startAnvil({
        label: chain.name,
        chainId: chain.chainId,
        ...(chain.network ? { network: chain.network } : {}),
        mnemonic: devMnemonic,
        accounts,
        balanceEther: 10_000,
        blockTimeSeconds: chain.blockTimeSeconds,
        timeoutMs,
        binary,
      }),
    ),
  )
  // Derived while the anvil processes boot.
  const wallets = deriveWallets(devMnemonic, accounts)
  const started = await starting
  const processes = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  )
  const stop = async () => {
    await Promise.all(processes.map((process) => process.stop()))
  }
  const failure = started.find((result) => result.status === 'rejected')
  if (failure) {
    await stop()
    throw failure.reason
  }

  const descriptorChains: DevnetChain[] = chains.map((chain, index) => {
    const { rpcUrl } = processes[index] as AnvilProcess
    return {
      name: chain.name,
      role: chain.role,
      chainId: chain.chainId,
      rpcUrl,
      nodes: [{ name: `${chain.name}-anvil`, rpcUrl }],
      blockTimeSeconds: chain.blockTimeSeconds,
    }
  })
  const descriptor: DevnetDescriptor = {
    name: 'embedded',
    backend: 'embedded',
    chains: descriptorChains,
    wallets,
  }
  return { descriptor, stop }
}
