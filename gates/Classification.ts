import type {
  Finding,
  FindingSource,
  HealthCheck,
  Mitigation,
  TestResult,
  TestStatus,
} from '../core/index.js'
import {
  defaultFailureSeverity,
  healthFindingId,
  type Severity,
  severities,
  toDay,
} from '../core/index.js'
import type { ResolvedGate, ResolvedSeverityRule } from './Gate.js'
import type { MitigationPlan, ReadinessFile, TriageOverride } from './Readiness.js'
import { compileTestPattern } from './TestPattern.js'

/** What classification reads of a test result. */
export type ClassifiableTest = Pick<
  TestResult,
  'id' | 'name' | 'feature' | 'owner' | 'severity' | 'status' | 'quarantined' | 'error'
>

/** Statuses that make a test a finding. Skipped tests are not findings: the skips rule covers them. */
const findingStatuses: ReadonlySet<TestStatus> = new Set(['failed', 'errored', 'timedOut'])

/** Whether a test that ended with `status` is a finding. */
export function isFindingStatus(status: TestStatus): boolean {
  return findingStatuses.has(status)
}

/**
 * Whether a mitigation no longer counts on the day `now`. It counts up to and
 * including its `expires` day.
 */
export function isMitigationExpired(
  mitigation: Pick<Mitigation, 'expires'>,
  now: string | Date,
): boolean {
  // Zero-padded YYYY-MM-DD days sort as strings sort.
  return toDay(now) > mitigation.expires
}

/** Everything `classifyFindings` reads. */
export interface ClassifyInput {
  /** The gate's severity rules, in the order they are tried. */
  gate: Pick<ResolvedGate, 'severityRules'>
  /** The tests the gate selected; those that did not pass become findings. */
  tests: readonly ClassifiableTest[]
  /** Every health check of the run; failed ones become SEV0 findings. */
  health: readonly HealthCheck[]
  /** Triage overrides, mitigation plans and manual findings. Default: none. */
  readiness?: ReadinessFile | undefined
  /** Today, for mitigation expiry: `YYYY-MM-DD` or a `Date` (read in UTC). */
  now: string | Date
}

/**
 * Turns a run's results into findings, each with its severity and why it has
 * it. A test's failure is classified, first match wins, by: a triage override
 * in the readiness file, then the gate's severity rules (its own, its
 * parents', the global ones), then the severity the test declares, then the
 * default (SEV1: unknown blocks). A failed health check is SEV0: a devnet that
 * is not operational is down for every user. Open manual findings come from
 * the readiness file as written. Each finding carries its mitigation plan, if
 * any, and whether that plan has expired.
 *
 * @returns Findings most severe first, then health, test, manual, then by id.
 */
export function classifyFindings(input: ClassifyInput): Finding[] {
  const today = toDay(input.now)
  const classify = createClassifier(input.gate.severityRules, input.readiness?.triage ?? [])
  const findings = [
    ...input.tests
      .filter((test) => isFindingStatus(test.status))
      .map((test) => testFinding(test, classify)),
    ...input.health.filter((check) => !check.ok).map(healthFinding),
    ...(input.readiness?.findings ?? [])
      .filter((finding) => finding.status === 'open')
      .map(manualFinding),
  ]
  const mitigations = latestMitigationByFinding(input.readiness?.mitigations ?? [])
  return findings
    .map((finding) => withMitigation(finding, mitigations.get(finding.id), today))
    .sort(compareFindings)
}

interface Classification {
  severity: Severity
  classifiedBy: string
}

type Classifier = (test: ClassifiableTest) => Classification

function createClassifier(
  rules: readonly ResolvedSeverityRule[],
  triage: readonly TriageOverride[],
): Classifier {
  const overrides = triage.map((override) => ({
    override,
    regex: compileTestPattern(override.test),
  }))
  const matchers = rules.map(compileRule)
  return (test) => {
    const override = overrides.find(({ regex }) => regex.test(test.id))?.override
    if (override) {
      return {
        severity: override.severity,
        classifiedBy: `triage by ${override.by}: ${override.reason}`,
      }
    }
    const rule = matchers.find((matcher) => matcher.matches(test))
    if (rule) return { severity: rule.severity, classifiedBy: rule.describe }
    if (test.severity) return { severity: test.severity, classifiedBy: 'declared by test' }
    return {
      severity: defaultFailureSeverity,
      classifiedBy: `default: unclassified failures are ${defaultFailureSeverity}`,
    }
  }
}

interface RuleMatcher {
  severity: Severity
  describe: string
  matches: (test: ClassifiableTest) => boolean
}

function compileRule({ rule, source }: ResolvedSeverityRule): RuleMatcher {
  const { features, tests, status, error } = rule.match
  const featureSet = features && new Set(features)
  const patterns = tests?.map(compileTestPattern)
  const errorRegex = error === undefined ? undefined : new RegExp(error)
  return {
    severity: rule.severity,
    describe: rule.id === undefined ? `rule ${source}` : `rule ${rule.id} (${source})`,
    matches: (test) =>
      (!featureSet || featureSet.has(test.feature)) &&
      (!patterns || patterns.some((regex) => regex.test(test.id))) &&
      (!status || status.some((wanted) => wanted === test.status)) &&
      (!errorRegex || (test.error !== undefined && errorRegex.test(test.error.message))),
  }
}

const statusText: Record<TestStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  errored: 'errored',
  timedOut: 'timed out',
  skipped: 'skipped',
}

function testFinding(test: ClassifiableTest, classify: Classifier): Finding {
  const firstErrorLine = test.error?.message.split('\n')[0]
  return {
    id: test.id,
    source: 'test',
    title: `${test.name}: ${statusText[test.status]}${firstErrorLine ? `: ${firstErrorLine}` : ''}`,
    ...classify(test),
    ...(test.owner !== undefined && { owner: test.owner }),
  }
}

function healthFinding(check: HealthCheck): Finding {
  const where = check.node === undefined ? check.chain : `${check.chain} (${check.node})`
  return {
    id: healthFindingId(check),
    source: 'health',
    severity: 'SEV0',
    title: `${check.check} failed on ${where}: ${check.detail}`,
    classifiedBy: 'health: a failed health check is SEV0 (the devnet is not operational)',
  }
}

function manualFinding(finding: ReadinessFile['findings'][number]): Finding {
  return {
    id: finding.id,
    source: 'manual',
    severity: finding.severity,
    title: finding.title,
    classifiedBy: 'manual finding in the readiness file',
    ...(finding.owner !== undefined && { owner: finding.owner }),
    ...(finding.link !== undefined && { link: finding.link }),
  }
}

/** Of several plans for one finding, the one that lasts longest counts. */
function latestMitigationByFinding(plans: readonly MitigationPlan[]): Map<string, MitigationPlan> {
  const latest = new Map<string, MitigationPlan>()
  for (const plan of plans) {
    const current = latest.get(plan.finding)
    if (!current || plan.expires > current.expires) latest.set(plan.finding, plan)
  }
  return latest
}

function withMitigation(
  finding: Finding,
  plan: MitigationPlan | undefined,
  today: string,
): Finding {
  if (!plan) return finding
  const mitigation: Mitigation = {
    plan: plan.plan,
    owner: plan.owner,
    expires: plan.expires,
    ...(plan.link !== undefined && { link: plan.link }),
  }
  return { ...finding, mitigation, mitigationExpired: isMitigationExpired(mitigation, today) }
}

const sourceOrder: readonly FindingSource[] = ['health', 'test', 'manual']

/** Most severe first, then health before test before manual, then by id: the same order every run. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
    sourceOrder.indexOf(a.source) - sourceOrder.indexOf(b.source) ||
    compareStrings(a.id, b.id)
  )
}

/** Code-unit order: unlike `localeCompare`, the same on every machine. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  return a < b ? -1 : 1
}
