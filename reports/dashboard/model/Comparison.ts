import { z } from 'zod'
import { type Results, type TestResult, TestStatus } from '../../../core/index.js'
import { isFindingStatus } from '../../../gates/index.js'
import { cleanText, firstLine, truncate } from '../../Text.js'

/**
 * Two runs side by side, test by test: what broke, what was fixed, what still
 * fails, which tests came and went, and which got much slower or faster.
 * Plain data in, plain data out.
 */

/** Which run a comparison side is. */
export const ComparedRun = z.object({
  id: z.string(),
  startedAt: z.string(),
  gitCommit: z.string().optional(),
  tests: z.number().int().nonnegative(),
})
export type ComparedRun = z.infer<typeof ComparedRun>

/** One test in a comparison, with its status on each side it appears on. */
export const ComparedTest = z.object({
  id: z.string(),
  name: z.string(),
  feature: z.string(),
  owner: z.string().optional(),
  baseStatus: TestStatus.optional(),
  headStatus: TestStatus.optional(),
  /** The first line of the head run's error, where it failed there. */
  error: z.string().optional(),
})
export type ComparedTest = z.infer<typeof ComparedTest>

/** A test that ran in both runs and whose duration changed by more than the threshold. */
export const DurationChange = z.object({
  id: z.string(),
  name: z.string(),
  feature: z.string(),
  baseMs: z.number().nonnegative(),
  headMs: z.number().nonnegative(),
  /** headMs − baseMs: positive when the test got slower. */
  deltaMs: z.number(),
})
export type DurationChange = z.infer<typeof DurationChange>

export const Comparison = z.object({
  base: ComparedRun,
  head: ComparedRun,
  /** Failing in head, not failing in base. */
  newFailures: z.array(ComparedTest),
  /** Failing in base, passing in head. */
  fixed: z.array(ComparedTest),
  /** Failing in both. */
  stillFailing: z.array(ComparedTest),
  /** In head only. */
  newTests: z.array(ComparedTest),
  /** In base only. */
  removedTests: z.array(ComparedTest),
  /** Largest change first. */
  durationChanges: z.array(DurationChange),
})
export type Comparison = z.infer<typeof Comparison>

/** When a change of duration is worth showing. */
export interface DurationThreshold {
  /** Smallest change shown, in ms. Default: 1000. */
  minMs?: number
  /** Smallest change shown, as a share of the base duration. Default: 0.5 (50 %). */
  minRatio?: number
  /** Most changes listed. Default: 50. */
  max?: number
}

/**
 * Compares the tests of `head` against those of `base` by test id. Every list
 * is ordered by test id, the duration changes by size. A test that ran in
 * neither (skipped on one side) has no duration change.
 */
export function compareRuns(
  base: Results,
  head: Results,
  threshold: DurationThreshold = {},
): Comparison {
  const baseTests = new Map(base.tests.map((test) => [test.id, test]))
  const headTests = new Map(head.tests.map((test) => [test.id, test]))
  const comparison: Comparison = {
    base: comparedRun(base),
    head: comparedRun(head),
    newFailures: [],
    fixed: [],
    stillFailing: [],
    newTests: [],
    removedTests: [],
    durationChanges: [],
  }
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
  for (const headTest of [...headTests.values()].sort(byId)) {
    const baseTest = baseTests.get(headTest.id)
    const entry = comparedTest(baseTest, headTest)
    if (baseTest === undefined) {
      comparison.newTests.push(entry)
      continue
    }
    const failedBefore = isFindingStatus(baseTest.status)
    const failsNow = isFindingStatus(headTest.status)
    if (failsNow && failedBefore) comparison.stillFailing.push(entry)
    else if (failsNow) comparison.newFailures.push(entry)
    else if (failedBefore && headTest.status === 'passed') comparison.fixed.push(entry)
    const change = durationChange(baseTest, headTest, threshold)
    if (change !== undefined) comparison.durationChanges.push(change)
  }
  for (const baseTest of [...baseTests.values()].sort(byId)) {
    if (!headTests.has(baseTest.id)) comparison.removedTests.push(comparedTest(baseTest, undefined))
  }
  comparison.durationChanges.sort(
    (a, b) => Math.abs(b.deltaMs) - Math.abs(a.deltaMs) || a.id.localeCompare(b.id),
  )
  comparison.durationChanges.length = Math.min(
    comparison.durationChanges.length,
    threshold.max ?? 50,
  )
  return comparison
}

function comparedRun(results: Results): ComparedRun {
  return {
    id: results.run.id,
    startedAt: results.run.startedAt,
    ...(results.run.gitCommit !== undefined && { gitCommit: results.run.gitCommit }),
    tests: results.tests.length,
  }
}

function comparedTest(base: TestResult | undefined, head: TestResult | undefined): ComparedTest {
  const test = head ?? base
  if (test === undefined) throw new Error('comparedTest needs a test on at least one side')
  const entry: ComparedTest = { id: test.id, name: test.name, feature: test.feature }
  if (test.owner !== undefined) entry.owner = test.owner
  if (base !== undefined) entry.baseStatus = base.status
  if (head !== undefined) entry.headStatus = head.status
  if (head?.error !== undefined && isFindingStatus(head.status)) {
    entry.error = truncate(firstLine(cleanText(head.error.message)), 300)
  }
  return entry
}

function durationChange(
  base: TestResult,
  head: TestResult,
  threshold: DurationThreshold,
): DurationChange | undefined {
  if (base.status === 'skipped' || head.status === 'skipped') return undefined
  const deltaMs = head.durationMs - base.durationMs
  const minMs = Math.max(threshold.minMs ?? 1000, (threshold.minRatio ?? 0.5) * base.durationMs)
  if (Math.abs(deltaMs) < minMs) return undefined
  return {
    id: head.id,
    name: head.name,
    feature: head.feature,
    baseMs: base.durationMs,
    headMs: head.durationMs,
    deltaMs,
  }
}
