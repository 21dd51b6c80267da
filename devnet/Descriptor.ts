import { z } from 'zod'
import { ChainRole } from '../core/index.js'

/**
 * The devnet descriptor: what every backend hands to the runner and the suites,
 * whatever started the devnet. It holds private keys: never write it anywhere
 * without redacting them.
 */

export const HexAddress = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte hex address')
export const HexPrivateKey = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 0x-prefixed 32-byte hex private key')

export const DevnetNode = z.object({
  name: z.string().min(1),
  rpcUrl: z.url(),
})
export type DevnetNode = z.infer<typeof DevnetNode>

export const DevnetChain = z.object({
  name: z.string().min(1),
  role: ChainRole,
  chainId: z.number().int().positive(),
  /** The RPC endpoint the suites talk to. */
  rpcUrl: z.url(),
  /** Every node of the chain (the one behind `rpcUrl` included), for cross-node checks. */
  nodes: z.array(DevnetNode).min(1),
  /** Seconds between blocks; absent when the chain mines only on demand. */
  blockTimeSeconds: z.number().positive().optional(),
})
export type DevnetChain = z.infer<typeof DevnetChain>

export const DevnetWallet = z.object({
  address: HexAddress,
  privateKey: HexPrivateKey,
})
export type DevnetWallet = z.infer<typeof DevnetWallet>

export const DevnetDescriptor = z.object({
  name: z.string().min(1),
  /** Which backend produced it: `embedded`, `testcontainers`, `kurtosis`, `descriptor`. */
  backend: z.string().min(1),
  chains: z.array(DevnetChain).min(1),
  /**
   * Accounts with their keys, funded on one chain or more: the faucet funds
   * each chain's tests from those that have ether there.
   */
  wallets: z.array(DevnetWallet),
})
export type DevnetDescriptor = z.infer<typeof DevnetDescriptor>

/** The chain with the given role; the first one where there are several (L2s). */
export function chainOf(descriptor: DevnetDescriptor, role: ChainRole): DevnetChain | undefined {
  return descriptor.chains.find((chain) => chain.role === role)
}

/** Every secret the descriptor carries, for redaction. */
export function secretsOf(descriptor: DevnetDescriptor): string[] {
  return descriptor.wallets.map((wallet) => wallet.privateKey)
}
