import { type Hex, keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { bloomContains, bloomUnion } from './Bloom.js'

const empty: Hex = `0x${'00'.repeat(256)}`
// A log's address and first topic, as a bloom holds them.
const address: Hex = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2'
const topic: Hex = keccak256(toHex('Deposit(address,uint256)'))

/** A bloom with the bits of `items`, set by the Yellow Paper's rule written out independently. */
function bloomOf(items: Hex[]): Hex {
  const bits = new Uint8Array(256)
  for (const item of items) {
    const hash = Buffer.from(keccak256(item).slice(2), 'hex')
    for (const offset of [0, 2, 4]) {
      const bit = hash.readUInt16BE(offset) % 2048
      const byte = 255 - (bit >> 3)
      bits[byte] = (bits[byte] ?? 0) | (1 << (bit & 7))
    }
  }
  return `0x${Buffer.from(bits).toString('hex')}`
}

describe('bloomContains', () => {
  test('finds what was added, by address and by topic', () => {
    const bloom = bloomOf([address, topic])
    expect(bloomContains(bloom, address)).toBe(true)
    expect(bloomContains(bloom, topic)).toBe(true)
  })

  test('an empty bloom holds nothing', () => {
    expect(bloomContains(empty, address)).toBe(false)
  })

  test('an item not added is (almost always) absent', () => {
    expect(bloomContains(bloomOf([address]), topic)).toBe(false)
  })

  test('refuses something that is not a 256-byte bloom', () => {
    expect(() => bloomContains('0x00', address)).toThrow('a logs bloom has 256 bytes, got 1')
  })
})

describe('bloomUnion', () => {
  test('is the OR of the blooms', () => {
    expect(bloomUnion([bloomOf([address]), bloomOf([topic])])).toBe(bloomOf([address, topic]))
    expect(bloomUnion([])).toBe(empty)
  })
})
