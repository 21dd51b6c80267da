import type { TestProject } from 'vitest/node'

/** Hands the devnet that bench/foundation.ts started to the suites, as signalbox does. */
export default function setup(project: TestProject): void {
  const descriptor = process.env.SIGNALBOX_BENCH_DEVNET
  if (!descriptor) throw new Error('SIGNALBOX_BENCH_DEVNET is not set: run bench/foundation.ts')
  project.provide('signalbox:devnet', JSON.parse(descriptor))
  project.provide('signalbox:workers', 4)
}
