import {
  type Decision,
  type ExitCode,
  exitCodeOfDecisions,
  type HealthCheck,
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
  const verdicts = input.gates.map((gate) =>
    evaluate({
      gate,
      tests,
      health: results.health,
      readiness,
      now,
      complete: results.run.complete,
      error: results.run.error,
    }),
  )
  const decisions: Decision[] = verdicts.map((verdict) => verdict.decision)
  return { tests, verdicts, exitCode: exitCodeOfDecisions(decisions) }
}
