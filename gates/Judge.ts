import {
  type Decision,
  type ExitCode,
  exitCodeOfDecisions,
  type HealthCheck,
  plural,
  type TestResult,
  type Verdict,
} from '../core/index.js'
import type { ResolvedGate } from './Gate.js'
import { applyQuarantine } from './Quarantine.js'
import type { ReadinessFile } from './Readiness.js'
import { evaluate } from './Verdict.js'

/** Everything `judge` reads: a run's results, the gates, the readiness file and the day. */
export interface JudgeInput {
  /** What the run found; only these parts of results.json are judged. */
  results: {
    tests: readonly TestResult[]
    health: readonly HealthCheck[]
    run: { complete: boolean; error?: string | undefined }
  }
  /** The gates to judge by, resolved; each gets its verdict, in this order. */
  gates: readonly ResolvedGate[]
  /** The release candidate's readiness file. Default: none (no checklist item is done). */
  readiness?: ReadinessFile | undefined
  /** Today, for mitigation expiry and quarantine: `YYYY-MM-DD` or a `Date` (read in UTC). */
  now: string | Date
}

/** What `judge` decides. */
export interface Judgement {
  /** The run's tests, marked quarantined where the readiness file says so on `now`. */
  tests: TestResult[]
  /** One per gate, in the order given. */
  verdicts: Verdict[]
  /** 0 when every gate promotes, 1 when one blocks, 2 when one could not decide. */
  exitCode: ExitCode
}

/** Why tests that could not be provisioned make the run an error, and what to change; undefined when none. */
export function harnessProblemError(
  tests: readonly Pick<TestResult, 'id' | 'error'>[],
): string | undefined {
  const [first] = tests
  if (!first) return undefined
  const which =
    tests.length === 1 ? first.id : `${first.id} and ${plural(tests.length - 1, 'other')}`
  return `signalbox could not provision ${plural(tests.length, 'test')} (${which}), so ${tests.length === 1 ? 'it' : 'they'} tested nothing: a harness problem, not a finding. ${first.error?.message ?? ''}`.trim()
}

/**
 * The one judge: quarantine, then every gate's verdict, then the exit code.
 * `run`, `verdict`, `report`, `merge` and the dashboard all decide through it,
 * so every file a person reads agrees with `signalbox verdict` given the same
 * results, gates, readiness file and day. Pure: no clock, no I/O.
 */
export function judge(input: JudgeInput): Judgement {
  const { results, readiness, now } = input
  const tests = readiness
    ? applyQuarantine(results.tests, readiness.quarantine, now)
    : [...results.tests]
  // A test signalbox could not provision tested nothing: no finding, and the run is an error.
  const unprovisioned = tests.filter((test) => test.harnessProblem)
  const verdicts = input.gates.map((gate) =>
    evaluate({
      gate,
      tests: tests.filter((test) => !test.harnessProblem),
      health: results.health,
      readiness,
      now,
      complete: results.run.complete,
      error: results.run.error ?? harnessProblemError(unprovisioned),
    }),
  )
  const decisions: Decision[] = verdicts.map((verdict) => verdict.decision)
  return { tests, verdicts, exitCode: exitCodeOfDecisions(decisions) }
}
