// The rest of vitest's authoring API, so a suite imports everything from `signalbox/suite`.
export {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  onTestFailed,
  onTestFinished,
  vi,
} from 'vitest'
export {
  chainOf,
  type DevnetChain,
  type DevnetDescriptor,
  type DevnetWallet,
} from '../../devnet/Descriptor.js'
export { maxOf, minOf } from './Bigints.js'
export {
  type BlockClient,
  type BlockNudge,
  type BlockWaitOptions,
  minesOnDemand,
  produceBlock,
  produceBlocksWith,
  waitForBlockNumber,
  waitForBlocks,
} from './Blocks.js'
export { bloomContains, bloomUnion } from './Bloom.js'
export {
  type Burst,
  type BurstOptions,
  type BurstTransaction,
  type SentTransaction,
  sendBurst,
} from './Burst.js'
export { publicClientOf, viemChainOf, walletClientOf } from './Clients.js'
export {
  type Eip1559Params,
  eip1559ParamsOf,
  ethereumEip1559,
  gasTargetOf,
  meteredGasOf,
  nextBaseFee,
  opStackEip1559,
  opStackParamsOf,
  type ParentBlock,
} from './Eip1559.js'
export {
  findReceipt,
  type Inclusion,
  type InclusionOptions,
  waitForInclusion,
  waitForReceipt,
} from './Inclusion.js'
export { formatLatency, type LatencySummary, percentile, summarizeLatency } from './Latency.js'
export type { DeclaredSeverity, SignalboxMeta } from './Meta.js'
export { type SignalboxFixtures, type TestWallet, test } from './test.js'
export { type WaitOptions, WaitTimeoutError, waitFor } from './Wait.js'
