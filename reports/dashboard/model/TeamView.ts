import { z } from 'zod'
import { type Results, Severity, type TestResult, TestStatus } from '../../../core/index.js'
import { isFindingStatus } from '../../../gates/index.js'
import { testSeverities } from '../../Findings.js'
import type { FlakyTest } from '../../history/Records.js'
import { cleanText, firstLine, truncate } from '../../Text.js'
import { FlakyGroup, groupFlakyTests } from './FlakyGroups.js'

/**
 * One owner's view across recent runs: the tests of theirs that failed, since
 * when and how often, the ones that only passed on a retry, and their flaky
 * tests. Plain data in, plain data out.
 */

export const TeamFailingTest = z.object({
  testId: z.string(),
  name: z.string(),
  feature: z.string(),
  /** Whether it failed in the latest of the runs it was in. */
  failingNow: z.boolean(),
  /** Runs it failed in, of `runs`. */
  failures: z.number().int().positive(),
  /** Runs it was in. */
  runs: z.number().int().positive(),
  lastStatus: TestStatus,
  lastRunId: z.string(),
  lastFailure: z.object({
    runId: z.string(),
    startedAt: z.string(),
    /** The first line of its error. */
    error: z.string().optional(),
    /** The severity it was reported with in that run: its finding's, else the declared one. */
    severity: Severity.optional(),
  }),
  /** When the current streak of failures started, for a test failing now. */
  failingSince: z.string().optional(),
})
export type TeamFailingTest = z.infer<typeof TeamFailingTest>

export const RetriedTest = z.object({
  testId: z.string(),
  name: z.string(),
  feature: z.string(),
  /** Runs in which it failed first and passed on a retry. */
  retriedPasses: z.number().int().positive(),
})
export type RetriedTest = z.infer<typeof RetriedTest>

export const TeamView = z.object({
  owner: z.string(),
  /** How many recent runs were looked at. */
  runsConsidered: z.number().int().nonnegative(),
  /** Failing now first, then by failures, then by id. */
  failing: z.array(TeamFailingTest),
  retried: z.array(RetriedTest),
  flaky: z.array(FlakyGroup),
})
export type TeamView = z.infer<typeof TeamView>

/** One run a test was in, as the team view reads it. */
interface Appearance {
  runId: string
  startedAt: string
  test: TestResult
  severity: Severity | undefined
}

/**
 * The view of `owner` over `runs` (any order) and the store's flaky entries
 * (those of other owners are left out).
 */
export function teamView(
  owner: string,
  runs: readonly Results[],
  flaky: readonly FlakyTest[],
): TeamView {
  const newestFirst = [...runs].sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt))
  const appearances = new Map<string, Appearance[]>()
  for (const results of newestFirst) {
    const severities = testSeverities(results)
    for (const test of results.tests) {
      if (test.owner !== owner) continue
      const list = appearances.get(test.id) ?? []
      list.push({
        runId: results.run.id,
        startedAt: results.run.startedAt,
        test,
        severity: severities.get(test.id),
      })
      appearances.set(test.id, list)
    }
  }
  const failing: TeamFailingTest[] = []
  const retried: RetriedTest[] = []
  for (const list of appearances.values()) {
    const failingEntry = failingTest(list)
    if (failingEntry !== undefined) failing.push(failingEntry)
    const retriedPasses = list.filter(({ test }) => test.flaky && test.status === 'passed').length
    const { test } = list[0] as Appearance
    if (retriedPasses > 0) {
      retried.push({ testId: test.id, name: test.name, feature: test.feature, retriedPasses })
    }
  }
  return {
    owner,
    runsConsidered: runs.length,
    failing: failing.sort(
      (a, b) =>
        Number(b.failingNow) - Number(a.failingNow) ||
        b.failures - a.failures ||
        a.testId.localeCompare(b.testId),
    ),
    retried: retried.sort(
      (a, b) => b.retriedPasses - a.retriedPasses || a.testId.localeCompare(b.testId),
    ),
    flaky: groupFlakyTests(flaky.filter((entry) => entry.owner === owner)),
  }
}

/** A test's entry from its appearances, newest first; none when it never failed. */
function failingTest(newestFirst: readonly Appearance[]): TeamFailingTest | undefined {
  const failures = newestFirst.filter(({ test }) => isFindingStatus(test.status))
  const last = failures[0]
  const latest = newestFirst[0]
  if (last === undefined || latest === undefined) return undefined
  const lastFailure: TeamFailingTest['lastFailure'] = {
    runId: last.runId,
    startedAt: last.startedAt,
  }
  if (last.test.error !== undefined) {
    lastFailure.error = truncate(firstLine(cleanText(last.test.error.message)), 300)
  }
  if (last.severity !== undefined) lastFailure.severity = last.severity
  const entry: TeamFailingTest = {
    testId: latest.test.id,
    name: latest.test.name,
    feature: latest.test.feature,
    failingNow: latest === last,
    failures: failures.length,
    runs: newestFirst.length,
    lastStatus: latest.test.status,
    lastRunId: latest.runId,
    lastFailure,
  }
  if (entry.failingNow) {
    const streakEnd = newestFirst.findIndex(({ test }) => !isFindingStatus(test.status))
    const streak = streakEnd === -1 ? newestFirst : newestFirst.slice(0, streakEnd)
    entry.failingSince = streak.at(-1)?.startedAt ?? last.startedAt
  }
  return entry
}
