import { planOf, type ResolvedGate, type RunPlan } from '../../gates/index.js'
import { defaultCacheDir } from '../files/Workspace.js'
import type { SuitesRoot } from '../vitest/SuitesRoots.js'
import { matchesNamePattern } from './NameFilter.js'

/**
 * Collects the tests of the suites folders (those the file filters and `-t`
 * keep), without running any, and applies each gate's selection.
 */
export async function planRun(options: {
  cwd: string
  suitesRoot: string
  /** Every suites folder; default `suitesRoot` alone. */
  suites?: readonly SuitesRoot[]
  fileFilters?: readonly string[]
  testNamePattern?: RegExp | undefined
  gates: ResolvedGate[]
}): Promise<RunPlan> {
  // vitest is loaded only when tests are collected: `gates list` and a plan without suites start in a fraction of the time.
  const { SuiteRun } = await import('../vitest/SuiteRun.js')
  const suiteRun = await SuiteRun.prepare({
    suitesRoot: options.suitesRoot,
    cacheDir: defaultCacheDir(options.cwd),
    cwd: options.cwd,
    ...(options.suites ? { suites: options.suites } : {}),
    ...(options.fileFilters ? { fileFilters: options.fileFilters } : {}),
  })
  const pattern = options.testNamePattern
  try {
    // By id, so that a plan reads the same from one call to the next.
    const collected = (await suiteRun.collect())
      .filter((test) => pattern === undefined || matchesNamePattern(test.id, pattern))
      .sort((a, b) => a.id.localeCompare(b.id))
    const suitesRoot = options.suites?.map((root) => root.dir).join(', ') ?? options.suitesRoot
    return { suitesRoot, ...planOf(collected, options.gates) }
  } finally {
    await suiteRun.close()
  }
}
