import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import type { DevnetChain } from '../../devnet/Descriptor.js'

/** How often clients poll a local devnet (viem's default of 4 s is tuned for public networks). */
const pollingIntervalMs = 100

/**
 * A viem chain for a devnet chain. Its `blockTime` (ms) is the devnet's, and
 * absent where the chain mines on demand: `waitForBlocks` then asks for blocks.
 */
export function viemChainOf(chain: DevnetChain): Chain {
  return defineChain({
    id: chain.chainId,
    name: chain.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
    ...(chain.blockTimeSeconds === undefined ? {} : { blockTime: chain.blockTimeSeconds * 1000 }),
  })
}

/** A public client for reading a devnet chain. */
export function publicClientOf(chain: DevnetChain): PublicClient<Transport, Chain> {
  return createPublicClient({
    chain: viemChainOf(chain),
    transport: http(chain.rpcUrl),
    pollingInterval: pollingIntervalMs,
  })
}

/** A wallet client that sends from `account` on a devnet chain. */
export function walletClientOf<account extends Account>(
  chain: DevnetChain,
  account: account,
): WalletClient<Transport, Chain, account> {
  // viem types the client's account as ParseAccount<account>, which is `account` itself for an account object.
  return createWalletClient({
    account,
    chain: viemChainOf(chain),
    transport: http(chain.rpcUrl),
    pollingInterval: pollingIntervalMs,
  }) as WalletClient<Transport, Chain, account>
}
