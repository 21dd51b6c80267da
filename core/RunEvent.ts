import { z } from 'zod'
import { HealthCheck } from './HealthCheck.js'
import { Results, RunInfo, TestResult } from './Results.js'

/**
 * What a run tells its listeners while it goes on: the terminal's progress,
 * the GitHub output and the live dashboard all follow these, in this order:
 * `run-started`, `devnet-ready`, `health-checked`, `suites-started`, then
 * `tests-found`, `test-started`, `test-finished` and `test-output` as files are
 * collected and tests run, and `run-finished` last, with the results as they are written.
 * A run that fails early skips to `run-finished`. Every event is redacted
 * before a listener sees it.
 */

export const RunStarted = z.object({
  type: z.literal('run-started'),
  runId: z.string(),
  startedAt: z.string(),
  gates: z.array(z.string()),
  /** The devnet backend being started or attached to, e.g. `embedded`. */
  backend: z.string(),
})

export const DevnetReady = z.object({
  type: z.literal('devnet-ready'),
  devnet: RunInfo.shape.devnet,
})

export const HealthChecked = z.object({
  type: z.literal('health-checked'),
  checks: z.array(HealthCheck),
})

export const SuitesStarted = z.object({
  type: z.literal('suites-started'),
  /** Suite files the run loads. */
  files: z.number().int().nonnegative(),
  /** Tests the gates select, where some gate picks tests; otherwise every test of the files runs. */
  selected: z.number().int().nonnegative().optional(),
})

export const TestsFound = z.object({
  type: z.literal('tests-found'),
  /** Tests of one suite file that will run. */
  count: z.number().int().nonnegative(),
})

export const TestStarted = z.object({
  type: z.literal('test-started'),
  /** The test's identity and what it declares (`TestIdentity`). */
  test: TestResult.pick({
    id: true,
    file: true,
    line: true,
    name: true,
    feature: true,
    owner: true,
    severity: true,
  }),
})

export const TestFinished = z.object({
  type: z.literal('test-finished'),
  result: TestResult,
})

/** What the suites wrote to stdout or stderr themselves, redacted. */
export const TestOutput = z.object({
  type: z.literal('test-output'),
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
})

export const RunFinished = z.object({
  type: z.literal('run-finished'),
  results: Results,
})

export const RunEvent = z.discriminatedUnion('type', [
  RunStarted,
  DevnetReady,
  HealthChecked,
  SuitesStarted,
  TestsFound,
  TestStarted,
  TestFinished,
  TestOutput,
  RunFinished,
])
export type RunEvent = z.infer<typeof RunEvent>

/** A function that receives a run's events. */
export type RunListener = (event: RunEvent) => void
