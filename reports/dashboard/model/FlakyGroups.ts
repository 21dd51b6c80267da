import { z } from 'zod'
import { FlakyTest } from '../../history/Records.js'

/**
 * Flaky tests as people look for them: one entry per test, across the gates,
 * devnets and commits it flipped on, with its overall pass rate. Plain data
 * in, plain data out.
 */

export const FlakyGroup = z.object({
  testId: z.string(),
  feature: z.string(),
  owner: z.string().optional(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** passed / (passed + failed), over every occurrence. */
  passRate: z.number().min(0).max(1),
  lastSeen: z.string(),
  /** Where it flipped: one entry per gate, devnet and commit, most recent first. */
  occurrences: z.array(FlakyTest),
})
export type FlakyGroup = z.infer<typeof FlakyGroup>

/** Groups the store's flaky entries by test; most recently seen first, then the least reliable. */
export function groupFlakyTests(entries: readonly FlakyTest[]): FlakyGroup[] {
  const groups = new Map<string, FlakyGroup>()
  for (const entry of entries) {
    let group = groups.get(entry.testId)
    if (group === undefined) {
      group = {
        testId: entry.testId,
        feature: entry.feature,
        passed: 0,
        failed: 0,
        passRate: 0,
        lastSeen: entry.lastSeen,
        occurrences: [],
      }
      if (entry.owner !== undefined) group.owner = entry.owner
      groups.set(entry.testId, group)
    }
    group.passed += entry.passed
    group.failed += entry.failed
    if (entry.lastSeen > group.lastSeen) group.lastSeen = entry.lastSeen
    group.occurrences.push(entry)
  }
  for (const group of groups.values()) {
    const total = group.passed + group.failed
    group.passRate = total === 0 ? 0 : group.passed / total
    group.occurrences.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.lastSeen.localeCompare(a.lastSeen) ||
      a.passRate - b.passRate ||
      a.testId.localeCompare(b.testId),
  )
}
