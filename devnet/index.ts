export {
  type AnvilOptions,
  type AnvilProcess,
  anvilBinEnv,
  resolveAnvilBinary,
  startAnvil,
} from './Anvil.js'
export { clientVersionOf } from './ClientVersion.js'
export {
  chainOf,
  DevnetChain,
  DevnetDescriptor,
  DevnetNode,
  DevnetWallet,
  secretsOf,
} from './Descriptor.js'
export {
  type DescriptorDevnetOptions,
  descriptorDevnet,
  descriptorSourceDevnet,
  type LoadDescriptorOptions,
  loadDescriptor,
} from './DescriptorBackend.js'
export type { Devnet, DevnetBackend, StartOptions } from './Devnet.js'
export { DevnetError, DevnetInputError, DevnetStartError } from './DevnetError.js'
export {
  blockTimeLabel,
  DevnetSdkChain,
  DevnetSdkDescriptor,
  type DevnetSdkDocument,
  DevnetSdkL2Chain,
  DevnetSdkNode,
  DevnetSdkPortInfo,
  DevnetSdkService,
  DevnetSdkWallet,
  type FromDevnetSdkOptions,
  fromDevnetSdk,
  toDevnetSdk,
} from './DevnetSdkDescriptor.js'
export {
  anvilImageEnv,
  DefinitionChain,
  DevnetDefinition,
  defaultAnvilImage,
  defaultDefinitionPath,
  imageOf,
  loadDevnetDefinition,
  parseDevnetDefinition,
  WaitStrategy,
} from './definition/DevnetDefinition.js'
export { deriveWallets, devMnemonic, type EmbeddedOptions, embeddedDevnet } from './Embedded.js'
export { checkHealth, type HealthOptions, healthCheckNames } from './Health.js'
export {
  classifyService,
  type EnclaveService,
  type KurtosisOptions,
  kurtosisBinEnv,
  kurtosisDevnet,
  optimismPackage,
  parseEnclaveInspect,
} from './Kurtosis.js'
export { type DevnetSpecOptions, devnetFromSpec } from './Spec.js'
export {
  devnetLabel,
  devnetNameLabel,
  type TestcontainersOptions,
  testcontainersDevnet,
} from './Testcontainers.js'
