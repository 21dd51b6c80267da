import { describe, expect, test } from 'vitest'
import {
  eip1559ParamsOf,
  ethereumEip1559,
  nextBaseFee,
  opStackEip1559,
  opStackParamsOf,
  type ParentBlock,
} from './Eip1559.js'

const block = (fields: Partial<ParentBlock>): ParentBlock => ({
  baseFeePerGas: 1_000_000_000n,
  gasUsed: 0n,
  gasLimit: 30_000_000n,
  extraData: '0x',
  ...fields,
})

describe('nextBaseFee on Ethereum (elasticity 2, denominator 8)', () => {
  test('a full block raises the base fee by 1/8', () => {
    expect(nextBaseFee(block({ gasUsed: 30_000_000n }), ethereumEip1559)).toBe(1_125_000_000n)
  })

  test('an empty block lowers it by 1/8', () => {
    expect(nextBaseFee(block({ gasUsed: 0n }), ethereumEip1559)).toBe(875_000_000n)
  })

  test('a block at the target keeps it', () => {
    expect(nextBaseFee(block({ gasUsed: 15_000_000n }), ethereumEip1559)).toBe(1_000_000_000n)
  })

  test('values anvil produced: 1 102 585 wei after a 15 900 022-gas block → 1 110 854', () => {
    const parent = block({ baseFeePerGas: 1_102_585n, gasUsed: 15_900_022n })
    expect(nextBaseFee(parent, ethereumEip1559)).toBe(1_110_854n)
  })

  test('the increase is at least 1 wei; the decrease may round to nothing', () => {
    expect(nextBaseFee(block({ baseFeePerGas: 7n, gasUsed: 15_000_001n }), ethereumEip1559)).toBe(
      8n,
    )
    expect(nextBaseFee(block({ baseFeePerGas: 7n, gasUsed: 0n }), ethereumEip1559)).toBe(7n)
  })

  test('refuses a parent without a base fee', () => {
    expect(() => nextBaseFee(block({ baseFeePerGas: null }), ethereumEip1559)).toThrow('pre-London')
  })
})

describe('nextBaseFee on the OP Stack (elasticity 6, denominator 250)', () => {
  test('an empty block lowers the base fee by 1/250', () => {
    expect(nextBaseFee(block({}), opStackEip1559)).toBe(996_000_000n)
  })

  test('values anvil --network optimism produced: 646 052 661 wei after a 15 900 022-gas block → 651 686 251', () => {
    const parent = block({ baseFeePerGas: 646_052_661n, gasUsed: 15_900_022n })
    expect(nextBaseFee(parent, opStackEip1559)).toBe(651_686_251n)
  })

  test('Jovian: the minimum base fee is a floor; a larger DA footprint counts as gas used', () => {
    const params = { ...opStackEip1559, minBaseFee: 999_000_000n, meterDaFootprint: true }
    expect(nextBaseFee(block({}), params)).toBe(999_000_000n)
    const footprint = block({ gasUsed: 0n, blobGasUsed: 30_000_000n })
    expect(nextBaseFee(footprint, params)).toBe(1_020_000_000n)
  })
})

describe('opStackParamsOf', () => {
  test('reads Holocene extraData (version 0): denominator, then elasticity', () => {
    expect(opStackParamsOf('0x00000000fa00000006')).toEqual({
      maxChangeDenominator: 250n,
      elasticityMultiplier: 6n,
    })
  })

  test('reads Jovian extraData (version 1) with its minimum base fee', () => {
    expect(opStackParamsOf('0x0100000032000000040000000000000064')).toEqual({
      maxChangeDenominator: 50n,
      elasticityMultiplier: 4n,
      minBaseFee: 100n,
      meterDaFootprint: true,
    })
  })

  test('zero parameters stand for the defaults', () => {
    expect(opStackParamsOf('0x000000000000000000')).toEqual(opStackEip1559)
  })

  test('anything else carries no parameters', () => {
    expect(opStackParamsOf('0x')).toBeUndefined()
    expect(opStackParamsOf('0x00000000fa000000')).toBeUndefined()
    expect(opStackParamsOf('0x02000000fa00000006')).toBeUndefined()
    expect(opStackParamsOf('0xd883010d0e846765746888676f312e32312e36856c696e7578')).toBeUndefined()
  })
})

describe('eip1559ParamsOf', () => {
  test('an L1 follows Ethereum whatever its extraData', () => {
    expect(eip1559ParamsOf('l1', { extraData: '0x00000000fa00000006' })).toBe(ethereumEip1559)
  })

  test('an L2 follows its header, else the OP Stack defaults', () => {
    expect(eip1559ParamsOf('l2', { extraData: '0x000000003200000002' })).toEqual({
      maxChangeDenominator: 50n,
      elasticityMultiplier: 2n,
    })
    expect(eip1559ParamsOf('l2', { extraData: '0x' })).toBe(opStackEip1559)
  })
})
