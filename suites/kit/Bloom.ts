import { type Hex, hexToBytes, keccak256 } from 'viem'

/**
 * Whether a 2048-bit logs bloom (a block's or a receipt's `logsBloom`) has
 * the bits of `item` set: an address or a topic, as hex. A bloom may report
 * an item it does not hold (false positive), never miss one it does: so a
 * `false` for a log's address or topic is a broken bloom.
 */
export function bloomContains(bloom: Hex, item: Hex): boolean {
  const bits = hexToBytes(bloom)
  if (bits.length !== 256) throw new Error(`a logs bloom has 256 bytes, got ${bits.length}`)
  return bloomBitsOf(item).every(({ byte, mask }) => ((bits[byte] ?? 0) & mask) !== 0)
}

/** The bitwise OR of blooms: a block's bloom is the OR of its receipts' blooms. */
export function bloomUnion(blooms: readonly Hex[]): Hex {
  const union = new Uint8Array(256)
  for (const bloom of blooms) {
    hexToBytes(bloom).forEach((value, index) => {
      union[index] = (union[index] ?? 0) | value
    })
  }
  return `0x${Buffer.from(union).toString('hex')}`
}

/**
 * The three bits an item sets (Yellow Paper, M3:2048): the low 11 bits of
 * each of the first three byte pairs of its keccak-256 hash, counted from the
 * bloom's last bit.
 */
function bloomBitsOf(item: Hex): Array<{ byte: number; mask: number }> {
  const hash = hexToBytes(keccak256(item))
  return [0, 2, 4].map((offset) => {
    const bit = (((hash[offset] ?? 0) << 8) | (hash[offset + 1] ?? 0)) & 2047
    return { byte: 255 - Math.floor(bit / 8), mask: 1 << (bit % 8) }
  })
}
