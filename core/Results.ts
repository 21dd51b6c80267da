import { z } from 'zod'
import { ChainRole } from './ChainRole.js'
import { HealthCheck } from './HealthCheck.js'
import { Severity } from './Severity.js'
import { TestStatus } from './TestStatus.js'

/**
 * The versioned results of one run (`results.json`). This file is a public
 * contract: change its shape only together with `schemaVersion`.
 */

export const TestError = z.object({
  message: z.string(),
  stack: z.string().optional(),
  /** An assertion's expected and received values as a diff (vitest's), where it has them. */
  diff: z.string().optional(),
})
export type TestError = z.infer<typeof TestError>

/** A note a test recorded while it ran (vitest's `annotate`), e.g. latency percentiles. */
export const TestAnnotation = z.object({
  type: z.string(),
  message: z.string(),
})
export type TestAnnotation = z.infer<typeof TestAnnotation>

/** One run of a test under `signalbox run --repeat`. */
export const Repetition = z.object({
  status: TestStatus,
  durationMs: z.number().nonnegative(),
})
export type Repetition = z.infer<typeof Repetition>

/**
 * How a test did over the runs of `signalbox run --repeat <n>`: its pass rate
 * and the spread of its durations. Only a pass rate of 100 % is stable.
 */
export const RepeatSummary = z.object({
  /** How often the test ran. */
  runs: z.number().int().positive(),
  passed: z.number().int().nonnegative(),
  /** Runs that failed, errored or timed out. */
  failed: z.number().int().nonnegative(),
  /** passed / (passed + failed); absent when the test never ran to a pass or a failure (skipped). */
  passRate: z.number().min(0).max(1).optional(),
  /** Passed every time it ran, and ran at least once. */
  stable: z.boolean(),
  /** Over the runs that were not skipped (all of them, where every run skipped). */
  durationMs: z.object({
    min: z.number().nonnegative(),
    median: z.number().nonnegative(),
    max: z.number().nonnegative(),
  }),
  /** Every run, in the order they ran. */
  outcomes: z.array(Repetition).min(1),
})
export type RepeatSummary = z.infer<typeof RepeatSummary>

export const TestResult = z.object({
  /** The test identity (see `TestId`): stable across runs. */
  id: z.string(),
  /** File relative to the suites root, with forward slashes. */
  file: z.string(),
  /** Line of the test in its file, where known. */
  line: z.number().int().positive().optional(),
  /** The test's own name, without its describe blocks. */
  name: z.string(),
  feature: z.string(),
  owner: z.string().optional(),
  /** Severity the test declares for its own failure. */
  severity: Severity.optional(),
  status: TestStatus,
  durationMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
  /** Failed at least once, then passed on a retry. */
  flaky: z.boolean(),
  quarantined: z.boolean(),
  /** Why a skipped test was skipped, where it said. */
  skipReason: z.string().optional(),
  error: TestError.optional(),
  annotations: z.array(TestAnnotation).default([]),
  /** Under `--repeat`: every run of the test; its status is then the worst of them. */
  repeat: RepeatSummary.optional(),
  /**
   * signalbox could not provision this test (its accounts, the devnet, its
   * setup), so it did not test the chain: set on an `errored` test, it is no
   * finding, and the run is an error saying what to change. Absent otherwise.
   */
  harnessProblem: z.literal(true).optional(),
})
export type TestResult = z.infer<typeof TestResult>

/** A test's identity and what it declares: known before it runs. */
export type TestIdentity = Pick<
  TestResult,
  'id' | 'file' | 'name' | 'feature' | 'owner' | 'severity' | 'line'
>

export const Mitigation = z.object({
  plan: z.string(),
  owner: z.string(),
  /** Last day (inclusive, `YYYY-MM-DD`) on which the mitigation counts. */
  expires: z.string(),
  link: z.string().optional(),
})
export type Mitigation = z.infer<typeof Mitigation>

export const FindingSource = z.enum(['test', 'health', 'manual'])
export type FindingSource = z.infer<typeof FindingSource>

export const Finding = z.object({
  /** Test id for test findings, `healthFindingId` for health, the readiness file's id for manual ones. */
  id: z.string(),
  severity: Severity,
  source: FindingSource,
  title: z.string(),
  /** Why it has this severity: a rule, the test's declaration, a triage override, the default. */
  classifiedBy: z.string(),
  owner: z.string().optional(),
  mitigation: Mitigation.optional(),
  /** The mitigation exists but its expiry date has passed. */
  mitigationExpired: z.boolean().optional(),
  /** Where to read more: a manual finding's issue or report. */
  link: z.string().optional(),
  /**
   * The finding comes from a quarantined test and, by the gate's
   * `quarantine: exclude`, is listed but neither counted nor blocking.
   */
  quarantined: z.boolean().optional(),
  /**
   * Under `signalbox run --isolate`: the test passed on a devnet of its own
   * feature and failed with the other features on one devnet. Its severity is
   * the failure's as classified (features ship as a set, so this is what
   * mainnet would see); absent for any other finding.
   */
  interaction: z
    .object({
      /** The features that shared the devnet, the test's own first. */
      features: z.array(z.string()).min(2),
      /** The run in which the test passed on its feature's own devnet. */
      isolatedRunId: z.string(),
    })
    .optional(),
})
export type Finding = z.infer<typeof Finding>

export const Decision = z.enum(['promote', 'block', 'error'])
export type Decision = z.infer<typeof Decision>

export const SeverityCounts = z.object({
  SEV0: z.number().int().nonnegative(),
  SEV1: z.number().int().nonnegative(),
  SEV2: z.number().int().nonnegative(),
  SEV3: z.number().int().nonnegative(),
})
export type SeverityCounts = z.infer<typeof SeverityCounts>

export const Reason = z.object({
  /** Which rule was violated, e.g. `open-sev0-sev1`, `sev2-unmitigated`, `min-tests`. */
  rule: z.string(),
  message: z.string(),
  /** Ids of the tests or findings behind the reason. */
  refs: z.array(z.string()),
})
export type Reason = z.infer<typeof Reason>

export const Verdict = z.object({
  gate: z.string(),
  decision: Decision,
  reasons: z.array(Reason),
  counts: SeverityCounts,
  findings: z.array(Finding),
})
export type Verdict = z.infer<typeof Verdict>

/**
 * Something a person should fix that did not decide a verdict: a readiness
 * entry that matches nothing (under `--strict` it is an error instead), a
 * gates file entry that selects nothing more.
 */
export const Warning = z.object({
  /** What kind: `readiness-unmatched`, `gate-selection`. */
  rule: z.string(),
  /** The file and the place in it, e.g. `rc-42.yaml: mitigations[1].finding`. */
  source: z.string(),
  message: z.string(),
})
export type Warning = z.infer<typeof Warning>

export const ChainSummary = z.object({
  name: z.string(),
  role: ChainRole,
  chainId: z.number().int().positive(),
  /** Client versions where the node reports them (`web3_clientVersion`). */
  clientVersion: z.string().optional(),
})

/** How one feature did on a devnet of its own (`signalbox run --isolate`). */
export const IsolatedFeature = z.object({
  feature: z.string(),
  /** The isolated run's id; its reports are in `isolated/<feature>/` beside this run's. */
  runId: z.string(),
  passed: z.number().int().nonnegative(),
  /** Tests that failed, errored or timed out. */
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** It ran to the end on a devnet that passed its health checks (else its tests' interactions are unknown). */
  complete: z.boolean(),
  /** Why the isolated run could not complete, where it did not. */
  error: z.string().optional(),
})
export type IsolatedFeature = z.infer<typeof IsolatedFeature>

/** A test that passed on its feature's own devnet and failed with the other features on one. */
export const Interaction = z.object({
  testId: z.string(),
  feature: z.string(),
  /** The features that shared the devnet, the test's own first. */
  features: z.array(z.string()).min(2),
  /** Its status on its feature's own devnet: `passed`. */
  alone: TestStatus,
  /** Its status with every feature on one devnet: failed, errored or timed out. */
  together: TestStatus,
})
export type Interaction = z.infer<typeof Interaction>

/** "Test in isolation, ship as a set": every feature alone, then all together (this run). */
export const Isolation = z.object({
  features: z.array(IsolatedFeature),
  interactions: z.array(Interaction),
})
export type Isolation = z.infer<typeof Isolation>

export const RunInfo = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** Gates this run was judged against, in the order asked for. */
  gates: z.array(z.string()),
  devnet: z.object({
    backend: z.string(),
    name: z.string(),
    chains: z.array(ChainSummary),
  }),
  suitesRoot: z.string(),
  gitCommit: z.string().optional(),
  shard: z
    .object({
      index: z.number().int().positive(),
      count: z.number().int().positive(),
      /**
       * What the shards split (`selectionDigest`): the gates as resolved and
       * every test they select together. Shards of one run share it.
       */
      selection: z.string().optional(),
      /** How the tests were split between the shards (`splitDigest`). Shards of one run share it. */
      split: z.string().optional(),
      /** The ids of the tests this shard was given to run. */
      tests: z.array(z.string()).optional(),
    })
    .optional(),
  /** Under `--repeat <n>`: how often each selected test ran. */
  repeat: z.number().int().positive().optional(),
  /** Under `--isolate`: each feature's run on a devnet of its own, before this run of all of them together. */
  isolation: Isolation.optional(),
  /** False when the run stopped before every selected test reported. */
  complete: z.boolean(),
  /** Why the run could not complete, where it did not. */
  error: z.string().optional(),
})
export type RunInfo = z.infer<typeof RunInfo>

export const Results = z.object({
  schemaVersion: z.literal(1),
  run: RunInfo,
  tests: z.array(TestResult),
  health: z.array(HealthCheck),
  /** One verdict per gate in `run.gates`, in the same order. */
  verdicts: z.array(Verdict),
  /**
   * What the judging found worth a look, judged along with the verdicts (so
   * not in `judged`). Absent when there is none, and in files written before it.
   */
  warnings: z.array(Warning).optional(),
  /**
   * `sha256:` digest of `run`, `tests` and `health` as they were judged
   * (`judgedDigestOf`), so a hand-edited file is told apart: `verdict` and
   * `merge` refuse a file it no longer matches unless told `--allow-edited`.
   */
  judged: z.string().optional(),
})
export type Results = z.infer<typeof Results>
