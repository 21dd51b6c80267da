import type { TestStatus } from '../core/index.js'
import { type Severity, severities } from '../core/index.js'

/**
 * How severities and statuses read in every report, and the order the reports
 * list them in, so that readiness.md, report.html, the step summary and the
 * terminal use the same words.
 */

/** The Release Readiness Process's name for each severity. */
export const severityName: Record<Severity, string> = {
  SEV0: 'Catastrophic',
  SEV1: 'Critical',
  SEV2: 'Major',
  SEV3: 'Minor',
}

/** What each severity means for promotion, per the Release Readiness Process. */
export const severityRule: Record<Severity, string> = {
  SEV0: 'blocks promotion',
  SEV1: 'blocks promotion',
  SEV2: 'needs a mitigation plan',
  SEV3: 'documented, does not block',
}

/** `SEV1 Critical`: the severity with its name. */
export function severityLabel(severity: Severity): string {
  return `${severity} ${severityName[severity]}`
}

/** Position of a severity, most severe first; no severity sorts after every one. */
export function severityRank(severity: Severity | undefined): number {
  return severity === undefined ? severities.length : severities.indexOf(severity)
}

/** Sort order of severities: negative when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b)
}

/** Every status, in the order reports list them. */
export const statusOrder: readonly TestStatus[] = [
  'passed',
  'failed',
  'errored',
  'timedOut',
  'skipped',
]

/** How a status reads in prose and tables. */
export const statusLabel: Record<TestStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  errored: 'errored',
  timedOut: 'timed out',
  skipped: 'skipped',
}
