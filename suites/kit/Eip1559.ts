import { type Hex, hexToBigInt, size, slice } from 'viem'
import type { ChainRole } from '../../core/index.js'

/** The parameters of the EIP-1559 base fee rule of a chain. */
export interface Eip1559Params {
  /** Gas limit ÷ gas target. Ethereum: 2; OP Stack: 6. */
  elasticityMultiplier: bigint
  /** Bounds the change per block to 1/denominator of the base fee. Ethereum: 8; OP Stack since Canyon: 250. */
  maxChangeDenominator: bigint
  /** The base fee never drops below this (OP Stack since Jovian). Default: no floor. */
  minBaseFee?: bigint
  /**
   * Whether the block's `blobGasUsed` (its DA footprint, OP Stack since
   * Jovian) counts as gas used when it is the larger. Default: false.
   */
  meterDaFootprint?: boolean
}

/** Ethereum's rule (EIP-1559). */
export const ethereumEip1559: Eip1559Params = { elasticityMultiplier: 2n, maxChangeDenominator: 8n }

/**
 * The OP Stack's defaults since Canyon (OP Mainnet's values), for L2 blocks
 * whose header does not carry its own parameters (before Holocene).
 */
export const opStackEip1559: Eip1559Params = {
  elasticityMultiplier: 6n,
  maxChangeDenominator: 250n,
}

/** What of a block the base fee rule reads. */
export interface ParentBlock {
  baseFeePerGas: bigint | null
  gasUsed: bigint
  gasLimit: bigint
  extraData: Hex
  blobGasUsed?: bigint | undefined
}

/**
 * The EIP-1559 parameters an OP Stack block header carries in its `extraData`
 * (Holocene: version 0, 9 bytes = version, denominator u32, elasticity u32;
 * Jovian: version 1, 17 bytes, + minimum base fee u64). `undefined` when the
 * header carries none (before Holocene, or not an OP Stack block).
 */
export function opStackParamsOf(extraData: Hex): Eip1559Params | undefined {
  const length = size(extraData)
  const version = length > 0 ? Number(hexToBigInt(slice(extraData, 0, 1))) : undefined
  if (!((version === 0 && length === 9) || (version === 1 && length === 17))) return undefined
  const maxChangeDenominator = hexToBigInt(slice(extraData, 1, 5))
  const elasticityMultiplier = hexToBigInt(slice(extraData, 5, 9))
  // Zero parameters stand for the chain's configured defaults (Holocene spec).
  const params: Eip1559Params =
    maxChangeDenominator === 0n && elasticityMultiplier === 0n
      ? { ...opStackEip1559 }
      : { elasticityMultiplier, maxChangeDenominator }
  if (version === 1) {
    params.minBaseFee = hexToBigInt(slice(extraData, 9, 17))
    params.meterDaFootprint = true
  }
  return params
}

/**
 * The parameters that decide the base fee of the block after `parent` on a
 * chain of the given role: an L2's own header parameters when it has them
 * (OP Stack since Holocene), else the OP Stack defaults for an L2 and
 * Ethereum's for an L1.
 */
export function eip1559ParamsOf(
  role: ChainRole,
  parent: Pick<ParentBlock, 'extraData'>,
): Eip1559Params {
  if (role === 'l1') return ethereumEip1559
  return opStackParamsOf(parent.extraData) ?? opStackEip1559
}

/** The gas target of a block: gas limit ÷ elasticity multiplier. */
export function gasTargetOf(parent: Pick<ParentBlock, 'gasLimit'>, params: Eip1559Params): bigint {
  return parent.gasLimit / params.elasticityMultiplier
}

/** The gas a block counts for the base fee rule (its DA footprint, when that is larger and metered). */
export function meteredGasOf(
  parent: Pick<ParentBlock, 'gasUsed' | 'blobGasUsed'>,
  params: Eip1559Params,
): bigint {
  const footprint = params.meterDaFootprint ? (parent.blobGasUsed ?? 0n) : 0n
  return footprint > parent.gasUsed ? footprint : parent.gasUsed
}

/**
 * The base fee of the block after `parent`, by the EIP-1559 rule: up when the
 * parent used more than its gas target, down when less, by at most
 * 1/denominator; the increase at least 1 wei. Throws for a parent without a
 * base fee (before London).
 */
export function nextBaseFee(parent: ParentBlock, params: Eip1559Params): bigint {
  const baseFee = parent.baseFeePerGas
  if (baseFee === null) throw new Error('the parent block has no base fee (pre-London)')
  const target = gasTargetOf(parent, params)
  const used = meteredGasOf(parent, params)
  let next: bigint
  if (used === target) {
    next = baseFee
  } else if (used > target) {
    const delta = (baseFee * (used - target)) / target / params.maxChangeDenominator
    next = baseFee + (delta > 1n ? delta : 1n)
  } else {
    next = baseFee - (baseFee * (target - used)) / target / params.maxChangeDenominator
  }
  const floor = params.minBaseFee ?? 0n
  return next < floor ? floor : next
}
