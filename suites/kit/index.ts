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
export type { DevnetChain, DevnetDescriptor, DevnetWallet } from '../../devnet/Descriptor.js'
export { publicClientOf, viemChainOf, walletClientOf } from './Clients.js'
export type { DeclaredSeverity, SignalboxMeta } from './Meta.js'
export { type SignalboxFixtures, type TestWallet, test } from './test.js'
export { type WaitOptions, WaitTimeoutError, waitFor, waitForBlocks } from './Wait.js'
