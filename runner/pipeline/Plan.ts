import { planOf, type ResolvedGate, type RunPlan } from '../../gates/index.js'
import { defaultCacheDir } from '../files/Workspace.js'
import { SuiteRun } from '../vitest/SuiteRun.js'

/** Collects the tests of a suites folder, without running any, and applies each gate's selection. */
export async function planRun(options: {
  cwd: string
  suitesRoot: string
  gates: ResolvedGate[]
}): Promise<RunPlan> {
  const suiteRun = await SuiteRun.prepare({
    suitesRoot: options.suitesRoot,
    cacheDir: defaultCacheDir(options.cwd),
  })
  try {
    // By id, so that a plan reads the same from one call to the next.
    const collected = (await suiteRun.collect()).sort((a, b) => a.id.localeCompare(b.id))
    return { suitesRoot: options.suitesRoot, ...planOf(collected, options.gates) }
  } finally {
    await suiteRun.close()
  }
}
