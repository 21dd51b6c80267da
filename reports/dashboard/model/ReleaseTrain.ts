import { z } from 'zod'
import {
  Decision,
  Mitigation,
  Reason,
  Severity,
  SeverityCounts,
  type Verdict,
} from '../../../core/index.js'
import type { RunSummary, Signoff } from '../../history/Records.js'

/**
 * The release train: for each release, where it stands on alphanet → betanet
 * → testnet. Each gate of the train is a step; a step is passed when the last
 * run of the release on that gate promotes. The next step is the first one not
 * passed, and what blocks it is that gate's last verdict's reasons. Plain data
 * in, plain data out.
 */

/** The train signalbox ships: each gate's promote lets a release move to the next network. */
export const defaultTrain: readonly string[] = ['alphanet', 'betanet', 'testnet']

/** A run of a release, as the train reads it. */
export interface TrainRun {
  runId: string
  startedAt: string
  release: string
  verdicts: readonly Verdict[]
  /** The sign-offs recorded for this run. */
  signoffs: readonly Signoff[]
}

/** Where a release stands on one gate. */
export const StepStatus = z.enum(['signed-off', 'promote', 'block', 'error', 'not-run'])
export type StepStatus = z.infer<typeof StepStatus>

export const TrainStep = z.object({
  gate: z.string(),
  status: StepStatus,
  /** The last run of the release on this gate, where there is one. */
  runId: z.string().optional(),
  startedAt: z.string().optional(),
  decision: Decision.optional(),
  counts: SeverityCounts.optional(),
  /** Who signed the promotion off, where someone did. */
  signoff: z.object({ by: z.string(), at: z.string() }).optional(),
})
export type TrainStep = z.infer<typeof TrainStep>

/** A mitigation that still counts but runs out within the warning window. */
export const ExpiringMitigation = z.object({
  gate: z.string(),
  runId: z.string(),
  findingId: z.string(),
  title: z.string(),
  severity: Severity,
  mitigation: Mitigation,
  /** Days left, 0 on its last day. */
  daysLeft: z.number().int().nonnegative(),
})
export type ExpiringMitigation = z.infer<typeof ExpiringMitigation>

export const ReleaseStanding = z.object({
  release: z.string(),
  lastRunAt: z.string(),
  steps: z.array(TrainStep),
  /** The first gate of the train not passed; none when the release passed every one. */
  nextStep: z.string().optional(),
  /** Why the next step is not passed: its last verdict's reasons; empty when it never ran. */
  blockers: z.array(Reason),
  expiringMitigations: z.array(ExpiringMitigation),
})
export type ReleaseStanding = z.infer<typeof ReleaseStanding>

export const ReleaseTrain = z.object({
  train: z.array(z.string()),
  /** Most recently run first. */
  releases: z.array(ReleaseStanding),
})
export type ReleaseTrain = z.infer<typeof ReleaseTrain>

/** Everything `releaseTrain` reads. */
export interface ReleaseTrainInput {
  /** Runs with a release, any order; the latest per release and gate counts. */
  runs: readonly TrainRun[]
  /** The gates of the train, in order. Default: {@link defaultTrain}. */
  train?: readonly string[]
  /** Today, `YYYY-MM-DD`, for mitigations that expire soon. */
  today: string
  /** Mitigations expiring within this many days are listed. Default: 7. */
  warnDays?: number
}

/** Where every release stands on the train. */
export function releaseTrain(input: ReleaseTrainInput): ReleaseTrain {
  const train = [...(input.train ?? defaultTrain)]
  const byRelease = new Map<string, TrainRun[]>()
  for (const run of input.runs) {
    const runs = byRelease.get(run.release) ?? []
    runs.push(run)
    byRelease.set(run.release, runs)
  }
  const releases = [...byRelease.entries()].map(([release, runs]) =>
    standingOf(release, runs, train, input.today, input.warnDays ?? 7),
  )
  releases.sort(
    (a, b) => b.lastRunAt.localeCompare(a.lastRunAt) || a.release.localeCompare(b.release),
  )
  return { train, releases }
}

/** The latest run judged by `gate`, with its verdict. */
function latestOnGate(
  runs: readonly TrainRun[],
  gate: string,
): { run: TrainRun; verdict: Verdict } | undefined {
  let latest: { run: TrainRun; verdict: Verdict } | undefined
  for (const run of runs) {
    const verdict = run.verdicts.find((candidate) => candidate.gate === gate)
    if (verdict !== undefined && (latest === undefined || run.startedAt > latest.run.startedAt)) {
      latest = { run, verdict }
    }
  }
  return latest
}

function standingOf(
  release: string,
  runs: readonly TrainRun[],
  train: readonly string[],
  today: string,
  warnDays: number,
): ReleaseStanding {
  const latest = train.map((gate) => ({ gate, last: latestOnGate(runs, gate) }))
  const steps = latest.map(({ gate, last }) => stepOf(gate, last))
  const next = latest.find(({ last }) => last?.verdict.decision !== 'promote')
  const standing: ReleaseStanding = {
    release,
    lastRunAt: runs.reduce((max, run) => (run.startedAt > max ? run.startedAt : max), ''),
    steps,
    blockers: next?.last?.verdict.reasons ?? [],
    expiringMitigations: latest.flatMap(({ gate, last }) =>
      last === undefined
        ? []
        : expiringMitigations(gate, last.run.runId, last.verdict, today, warnDays),
    ),
  }
  if (next !== undefined) standing.nextStep = next.gate
  return standing
}

function stepOf(gate: string, last: { run: TrainRun; verdict: Verdict } | undefined): TrainStep {
  if (last === undefined) return { gate, status: 'not-run' }
  const { run, verdict } = last
  const signoff = run.signoffs.find((candidate) => candidate.gate === gate)
  const step: TrainStep = {
    gate,
    status:
      signoff !== undefined && verdict.decision === 'promote' ? 'signed-off' : verdict.decision,
    runId: run.runId,
    startedAt: run.startedAt,
    decision: verdict.decision,
    counts: verdict.counts,
  }
  if (signoff !== undefined) step.signoff = { by: signoff.by, at: signoff.at }
  return step
}

const dayMs = 86_400_000

/** Whole days from `today` to `day` (both `YYYY-MM-DD`). */
function daysBetween(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs)
}

function expiringMitigations(
  gate: string,
  runId: string,
  verdict: Verdict,
  today: string,
  warnDays: number,
): ExpiringMitigation[] {
  return verdict.findings.flatMap((finding): ExpiringMitigation[] => {
    if (finding.mitigation === undefined) return []
    const daysLeft = daysBetween(today, finding.mitigation.expires)
    if (Number.isNaN(daysLeft) || daysLeft < 0 || daysLeft > warnDays) return []
    return [
      {
        gate,
        runId,
        findingId: finding.id,
        title: finding.title,
        severity: finding.severity,
        mitigation: finding.mitigation,
        daysLeft,
      },
    ]
  })
}

/**
 * The runs the train needs read whole: for the `maxReleases` (default 20)
 * releases run most recently, the latest run on each gate of the train.
 *
 * @param summaries Run summaries, any order; those without a release are left out.
 */
export function trainRunIds(
  summaries: readonly RunSummary[],
  train: readonly string[] = defaultTrain,
  maxReleases = 20,
): string[] {
  const newestFirst = [...summaries].sort((a, b) => b.startedAt.localeCompare(a.startedAt))
  const releases = new Set<string>()
  const taken = new Set<string>()
  const ids = new Set<string>()
  for (const summary of newestFirst) {
    const release = summary.meta.release
    if (release === undefined || !summary.verdicts.some(({ gate }) => train.includes(gate)))
      continue
    if (!releases.has(release)) {
      if (releases.size >= maxReleases) continue
      releases.add(release)
    }
    for (const { gate } of summary.verdicts) {
      const key = JSON.stringify([release, gate])
      if (!train.includes(gate) || taken.has(key)) continue
      taken.add(key)
      ids.add(summary.id)
    }
  }
  return [...ids]
}
