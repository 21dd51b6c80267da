import { pbkdf2Sync } from 'node:crypto'
import { HDKey, privateKeyToAddress } from 'viem/accounts'
import type { DevnetWallet } from './Descriptor.js'

/**
 * The well-known development mnemonic (anvil's and hardhat's default). The
 * keys it derives are public knowledge; they are still redacted from
 * everything signalbox writes, like any key.
 */
export const devMnemonic = 'test test test test test test test test test test test junk'

/**
 * The first `count` accounts of a mnemonic, on the standard path m/44'/60'/0'/0/i.
 * The seed is stretched once, natively (BIP-39: PBKDF2-HMAC-SHA512, 2,048
 * rounds, salt "mnemonic"; in JavaScript it takes about 0.4 s), and the path
 * to the accounts is walked once.
 */
export function deriveWallets(mnemonic: string, count: number): DevnetWallet[] {
  const seed = pbkdf2Sync(mnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512')
  const accounts = HDKey.fromMasterSeed(seed).derive("m/44'/60'/0'/0")
  return Array.from({ length: count }, (_, index) => {
    const key = accounts.deriveChild(index).privateKey
    if (!key) throw new Error(`no private key derived for account ${index}`)
    const privateKey = `0x${Buffer.from(key).toString('hex')}` as const
    return { address: privateKeyToAddress(privateKey), privateKey }
  })
}
