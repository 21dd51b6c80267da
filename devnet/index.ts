export {
  type AnvilOptions,
  type AnvilProcess,
  anvilBinEnv,
  resolveAnvilBinary,
  startAnvil,
} from './Anvil.js'
export {
  type DescriptorDevnetOptions,
  descriptorDevnet,
  descriptorSourceDevnet,
  type LoadDescriptorOptions,
  loadDescriptor,
} from './backends/DescriptorSource.js'
export { type EmbeddedOptions, embeddedDevnet } from './backends/Embedded.js'
export {
  ethereumPackageDefaultMnemonic,
  type KurtosisOptions,
  kurtosisBinEnv,
  kurtosisDevnet,
  optimismPackage,
  parseGenesisMnemonic,
} from './backends/Kurtosis.js'
export {
  classifyExecutionClient,
  type EnclaveService,
  type ExecutionClient,
  httpUrlOfPrintedPort,
  parseEnclaveInspect,
  parseServiceLabels,
  rpcPortOf,
} from './backends/KurtosisDiscovery.js'
export {
  devnetLabel,
  devnetNameLabel,
  removeLeftoverContainers,
  type TestcontainersOptions,
  testcontainersDevnet,
} from './backends/Testcontainers.js'
export { clientVersionOf } from './ClientVersion.js'
export {
  chainOf,
  DevnetChain,
  DevnetDescriptor,
  DevnetNode,
  DevnetWallet,
  secretsOf,
} from './Descriptor.js'
export type { Devnet, DevnetBackend, StartOptions } from './Devnet.js'
export {
  DevnetError,
  DevnetInputError,
  DevnetPackageMissingError,
  DevnetStartError,
} from './DevnetError.js'
export {
  blockTimeLabel,
  type ChainRpc,
  chainRpcs,
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
export { type DevnetSpecOptions, devnetFromSpec } from './DevnetSpec.js'
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
export { checkHealth, type HealthOptions, healthCheckNames } from './Health.js'
export {
  HealthLedger,
  type HealthWatch,
  type HealthWatchOptions,
  watchCheckNames,
  watchHealth,
} from './HealthWatch.js'
export {
  announceStarted,
  announceStopped,
  keyOf,
  listenToStarts,
  type StartedListener,
  type StartedThing,
} from './Started.js'
export { deriveWallets, devMnemonic } from './Wallets.js'
