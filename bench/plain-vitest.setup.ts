import type { TestProject } from 'vitest/node'
import { startSubFunders } from '../runner/pipeline/SubFunders.js'

/** Hands the devnet that bench/foundation.ts started to the suites, and funds their faucet, as signalbox does. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const descriptor = process.env.SIGNALBOX_BENCH_DEVNET
  if (!descriptor) throw new Error('SIGNALBOX_BENCH_DEVNET is not set: run bench/foundation.ts')
  const devnet = JSON.parse(descriptor)
  const subFunders = await startSubFunders(devnet, { workers: 4 })
  project.provide('signalbox:devnet', devnet)
  project.provide('signalbox:faucet', subFunders.provision)
  await subFunders.funded
  return () => subFunders.returnLeftovers()
}
