import { mnemonicToSeedSync } from '@scure/bip39'
import { bytesToHex } from 'viem'
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
 * The seed is stretched once (viem's mnemonicToAccount would stretch it per account).
 */
export function deriveWallets(mnemonic: string, count: number): DevnetWallet[] {
  const root = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic))
  return Array.from({ length: count }, (_, index) => {
    const key = root.derive(`m/44'/60'/0'/0/${index}`).privateKey
    if (!key) throw new Error(`no private key derived for account ${index}`)
    const privateKey = bytesToHex(key)
    return { address: privateKeyToAddress(privateKey), privateKey }
  })
}
