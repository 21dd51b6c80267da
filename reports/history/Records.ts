import { z } from 'zod'
import { Decision, Results, SeverityCounts, TestStatus } from '../../core/index.js'

/**
 * What the history store keeps and answers, as zod schemas: the dashboard's
 * API answers with these, so the schemas are the single definition of both.
 */

/** How a run reached the store: saved by `signalbox run` here, or pushed by CI. */
export const RunSource = z.enum(['local', 'push'])
export type RunSource = z.infer<typeof RunSource>

/** What a stored run carries besides its results. Set once, when it is saved. */
export const RunMeta = z.object({
  /** `digestOf(results)`: the results as saved; a stored run never changes. */
  digest: z.string(),
  savedAt: z.string(),
  source: RunSource,
  /** The release candidate (the readiness file's `release`), where the run had one. */
  release: z.string().optional(),
  /** The branch the run tested, where known (CI's ref name, or git's). */
  branch: z.string().optional(),
})
export type RunMeta = z.infer<typeof RunMeta>

/** What is saved with a run besides its results; the store computes the digest and the time. */
export type SaveRunInput = Pick<RunMeta, 'source' | 'release' | 'branch'>

/** A run as lists show it: no test bodies. */
export const RunSummary = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  complete: z.boolean(),
  devnet: z.object({ backend: z.string(), name: z.string() }),
  gitCommit: z.string().optional(),
  verdicts: z.array(z.object({ gate: z.string(), decision: Decision, counts: SeverityCounts })),
  /** Tests per status. */
  tests: z.record(TestStatus, z.number().int().nonnegative()),
  meta: RunMeta,
})
export type RunSummary = z.infer<typeof RunSummary>

/** A whole stored run. */
export const StoredRun = z.object({ results: Results, meta: RunMeta })
export type StoredRun = z.infer<typeof StoredRun>

/** Which runs a list shows; every field narrows it, none is required. */
export const RunFilter = z.object({
  gate: z.string().optional(),
  /** Runs where `gate` (or any gate, without one) had this decision. */
  decision: Decision.optional(),
  /** The devnet's name or backend. */
  devnet: z.string().optional(),
  release: z.string().optional(),
  branch: z.string().optional(),
  /** Runs that started before this time (ISO), for the next page. */
  before: z.string().optional(),
  /** Default 50, at most 500. */
  limit: z.number().int().min(1).max(500).optional(),
})
export type RunFilter = z.infer<typeof RunFilter>

/** One outcome of one test in one run, newest first in a test's history. */
export const TestOutcome = z.object({
  runId: z.string(),
  startedAt: z.string(),
  status: TestStatus,
  durationMs: z.number().nonnegative(),
  gitCommit: z.string().optional(),
  devnet: z.string(),
  gates: z.array(z.string()),
})
export type TestOutcome = z.infer<typeof TestOutcome>

/** What a history strip shows of an outcome: its run, when the run started, how the test ended. */
export type StripOutcome = Pick<TestOutcome, 'runId' | 'startedAt' | 'status'>

/** A test whose outcome changed on the same gate and devnet without a change of commit. */
export const FlakyTest = z.object({
  testId: z.string(),
  owner: z.string().optional(),
  feature: z.string(),
  gate: z.string(),
  devnet: z.string(),
  gitCommit: z.string(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** passed / (passed + failed). */
  passRate: z.number().min(0).max(1),
  lastSeen: z.string(),
})
export type FlakyTest = z.infer<typeof FlakyTest>

/**
 * What the recent runs say of one test: how often it passed and failed, how
 * many times in a row it passed last, and how long it takes. Each run of a
 * test under `--repeat` counts as one outcome.
 */
export const TestStats = z.object({
  testId: z.string(),
  feature: z.string(),
  owner: z.string().optional(),
  /** Outcomes that were not skipped. */
  outcomes: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  /** Failed, errored or timed out. */
  failed: z.number().int().nonnegative(),
  /** Passes in a row, newest first, up to the last failure (skips do not count either way). */
  passStreak: z.number().int().nonnegative(),
  /** The median duration of the outcomes that were not skipped; absent when every one was. */
  medianDurationMs: z.number().nonnegative().optional(),
  /** Start of the newest run the test was in. */
  lastSeen: z.string(),
})
export type TestStats = z.infer<typeof TestStats>

/** Which runs `testStats` reads. */
export const TestStatsFilter = z.object({
  /** The newest runs read: default 50, at most 500. */
  runs: z.number().int().min(1).max(500).optional(),
  /** Only runs judged against this gate. */
  gate: z.string().optional(),
  /**
   * Only runs of a known commit other than this one: the shards of one run
   * (one commit) then read the same history, whatever each saves meanwhile.
   */
  otherCommitThan: z.string().optional(),
})
export type TestStatsFilter = z.infer<typeof TestStatsFilter>

/** Platforms' promotion determination for one gate of one run. */
export const Signoff = z.object({
  runId: z.string(),
  gate: z.string(),
  by: z.string().min(1),
  at: z.string(),
  /** The digest of the results signed off: the run as it was judged. */
  digest: z.string(),
  decision: z.literal('promote'),
  notes: z.string().optional(),
})
export type Signoff = z.infer<typeof Signoff>

/** What a token may do: push runs, or push runs and sign off. */
export const TokenScope = z.enum(['push', 'signoff'])
export type TokenScope = z.infer<typeof TokenScope>

/** A token as the store keeps it: its hash only, never the token. */
export const TokenRecord = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(TokenScope),
  createdAt: z.string(),
})
export type TokenRecord = z.infer<typeof TokenRecord>
