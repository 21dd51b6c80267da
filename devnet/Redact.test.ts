import { expect, test } from 'vitest'
import { redactOutput } from './Redact.js'

test('hides 32-byte hex strings and the given secrets, and nothing else', () => {
  const banner = [
    'Private Keys',
    '(0) 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    'Mnemonic: test test test test test test test test test test test junk',
    'Address: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    'Listening on 0.0.0.0:8545',
  ].join('\n')
  expect(
    redactOutput(banner, ['test test test test test test test test test test test junk']),
  ).toBe(
    [
      'Private Keys',
      '(0) 0x[redacted]',
      'Mnemonic: [redacted]',
      'Address: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      'Listening on 0.0.0.0:8545',
    ].join('\n'),
  )
})
