import { describe, expect, test } from 'vitest'
import { deriveWallets, devMnemonic } from './Wallets.js'

describe('deriveWallets', () => {
  test("the dev mnemonic gives anvil's accounts, on m/44'/60'/0'/0/i", () => {
    // As anvil prints them when it starts with its default mnemonic.
    const wallets = deriveWallets(devMnemonic, 10)
    expect(wallets[0]).toEqual({
      address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    })
    expect(wallets[9]?.address).toBe('0xa0Ee7A142d267C1f36714E4a8F75612F20a79720')
  })

  test('another mnemonic: the BIP-39 test vector’s first Ethereum account', () => {
    const [first] = deriveWallets(
      'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
      1,
    )
    expect(first?.address).toBe('0x9858EfFD232B4033E47d90003D41EC34EcaEda94')
  })
})
