import type { Results } from '../core/index.js'
import { collectFindings, type FindingEntry, findingOwner, mitigationState } from './Findings.js'
import { joinPath } from './Junit.js'
import { severityLabel } from './Labels.js'
import { escapeMarkdown, signoffText, verdictSections, verdictTable } from './Markdown.js'
import type { ReportContext } from './ReportContext.js'
import { describeCounts, runDurationMs } from './Tallies.js'
import { errorText, formatDuration } from './Text.js'

/**
 * GitHub Actions output: the step summary (a short readiness summary in
 * Markdown) and `::error` workflow commands that annotate the blocking findings
 * at their test's file and line. The runner writes both; this module only
 * builds strings.
 */

/**
 * Escapes the message of a workflow command: `%`, CR and LF, which the runner
 * would otherwise read as escapes or the end of the command.
 */
export function escapeWorkflowData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/**
 * Escapes a property value of a workflow command (`file=`, `title=`): as data,
 * plus `:` and `,`, which end the property list and separate properties.
 */
export function escapeWorkflowProperty(text: string): string {
  return escapeWorkflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** Options of {@link renderGithubSummary}. */
export interface GithubSummaryOptions extends ReportContext {
  /** Blocking findings listed before "… and N more". Default: `20`. */
  maxFindings?: number | undefined
}

function mitigationText(entry: FindingEntry): string {
  const mitigation = entry.finding.mitigation
  switch (mitigationState(entry.finding)) {
    case 'valid':
      return `until ${escapeMarkdown(mitigation?.expires ?? '')}`
    case 'expired':
      return `❌ expired ${escapeMarkdown(mitigation?.expires ?? '')}`
    case 'none':
      return entry.finding.severity === 'SEV2' ? '⚠️ none' : 'none'
  }
}

/**
 * The Markdown for `$GITHUB_STEP_SUMMARY`: the gates' decisions with counts per
 * severity, the reasons, blocking findings with owner and mitigation, failing
 * health checks, checklist and sign-off status. Shorter than readiness.md,
 * which the summary points to.
 *
 * @param results The results of one run.
 * @param options Readiness info (default: none) and how many blocking findings
 *   to list (default 20).
 */
export function renderGithubSummary(results: Results, options: GithubSummaryOptions = {}): string {
  const { run } = results
  const readiness = options.readiness
  const maxFindings = options.maxFindings ?? 20
  const duration = runDurationMs(run)
  const out = [`## 🚦 Release readiness: ${escapeMarkdown(readiness?.release ?? run.devnet.name)}`]
  if (!run.complete) {
    out.push(
      `> [!CAUTION]\n> **The run did not complete**${run.error === undefined ? '' : `: ${escapeMarkdown(run.error)}`}. No gate can promote on partial results.`,
    )
  }
  out.push(
    results.verdicts.length === 0
      ? '_No gate was evaluated: this run has no verdict._'
      : verdictTable(results.verdicts),
  )
  const facts = [
    `**${results.tests.length} tests:** ${describeCounts(results.tests)}`,
    `**Health:** ${results.health.filter((check) => check.ok).length} of ${results.health.length} checks passed`,
  ]
  if (readiness !== undefined) {
    facts.push(
      `**Checklist:** ${readiness.checklist.filter((item) => item.done).length} of ${readiness.checklist.length} done`,
      `**Sign-off:** ${signoffText(readiness)}`,
    )
  }
  if (duration !== undefined) facts.push(`**Duration:** ${formatDuration(duration)}`)
  out.push(facts.join(' · '))

  const blocked = results.verdicts.filter((verdict) => verdict.decision !== 'promote')
  if (blocked.length > 0) {
    out.push(verdictSections({ ...results, verdicts: blocked }, readiness, 5))
  }

  const blocking = collectFindings(results).filter((entry) => entry.blocks.length > 0)
  if (blocking.length > 0) {
    const rows = blocking
      .slice(0, maxFindings)
      .map(
        (entry) =>
          `| ${severityLabel(entry.finding.severity)} | ${escapeMarkdown(entry.finding.title)}<br><sub>${escapeMarkdown(entry.finding.id)}</sub> | ${escapeMarkdown(findingOwner(entry) ?? '—')} | ${mitigationText(entry)} | ${entry.blocks.map(escapeMarkdown).join(', ')} |`,
      )
    if (blocking.length > maxFindings) {
      rows.push(`| | … and ${blocking.length - maxFindings} more in readiness.md | | | |`)
    }
    out.push(
      `### Blocking findings (${blocking.length})`,
      [
        '| Severity | Finding | Owner | Mitigation | Blocks |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    )
  }

  const unhealthy = results.health.filter((check) => !check.ok)
  if (unhealthy.length > 0) {
    out.push(
      `### Failing health checks (${unhealthy.length})`,
      unhealthy
        .map(
          (check) =>
            `- **${escapeMarkdown(check.chain)}${check.node === undefined ? '' : `/${escapeMarkdown(check.node)}`}** ${escapeMarkdown(check.check)}: ${escapeMarkdown(check.detail)}`,
        )
        .join('\n'),
    )
  }

  out.push(
    '<sub>The full Release Readiness Report (readiness.md), report.html and junit.xml are in this run’s artifacts.</sub>',
  )
  return `${out.join('\n\n')}\n`
}

/** Options of {@link renderGithubAnnotations}. */
export interface AnnotationOptions {
  /**
   * Joined before each test's file (relative to the suites root) so that the
   * annotation lands on the repository path, e.g. `suites`. Default: `''`.
   */
  pathPrefix?: string | undefined
  /**
   * At most this many lines; past it the last line says how many were left out.
   * GitHub shows 10 error annotations per step. Default: `10`.
   */
  maxAnnotations?: number | undefined
}

/** Lines of the error message kept in an annotation. */
const maxMessageLines = 12

function command(properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeWorkflowProperty(String(value))}`)
    .join(',')
  return `::error${props === '' ? '' : ` ${props}`}::${escapeWorkflowData(message)}`
}

/**
 * `::error` workflow commands, one per line, for what blocks a gate: a reason
 * that names no finding (e.g. too few tests, an incomplete run), then every
 * blocking finding, most severe first, at its test's `file` and `line` where it
 * has a test. Messages and properties are escaped per GitHub's workflow-command
 * rules, so a test name cannot end the command or inject another.
 *
 * @param results The results of one run.
 * @param options Path prefix (default `''`), maximum lines (default 10).
 */
export function renderGithubAnnotations(
  results: Results,
  options: AnnotationOptions = {},
): string[] {
  const pathPrefix = options.pathPrefix ?? ''
  const maxAnnotations = Math.max(1, options.maxAnnotations ?? 10)
  const entries = collectFindings(results)
  const findingIds = new Set(entries.map((entry) => entry.finding.id))
  const lines: string[] = []

  for (const verdict of results.verdicts) {
    if (verdict.decision === 'promote') continue
    const outcome = verdict.decision === 'block' ? 'blocked' : 'could not decide'
    const general = verdict.reasons.filter(
      (reason) => !reason.refs.some((ref) => findingIds.has(ref)),
    )
    for (const reason of general) {
      lines.push(
        command(
          { title: `signalbox: ${verdict.gate} ${outcome} (${reason.rule})` },
          reason.message,
        ),
      )
    }
    if (verdict.reasons.length === 0) {
      lines.push(
        command(
          { title: `signalbox: ${verdict.gate} ${outcome}` },
          verdict.decision === 'error' ? 'The gate could not decide.' : 'No reason was recorded.',
        ),
      )
    }
  }

  for (const entry of entries) {
    if (entry.blocks.length === 0) continue
    const { finding, test } = entry
    const title = `${severityLabel(finding.severity)} blocks ${entry.blocks.join(', ')}: ${finding.title}`
    const owner = findingOwner(entry)
    const details = [
      test === undefined ? finding.id : `${test.id} (${test.status})`,
      owner === undefined ? undefined : `owner: ${owner}`,
      mitigationState(finding) === 'expired'
        ? `mitigation expired ${finding.mitigation?.expires ?? ''}`
        : undefined,
    ].filter((part) => part !== undefined)
    const error = errorText(test?.error).split(/\r\n|\r|\n/)
    const kept = error.length > maxMessageLines ? [...error.slice(0, maxMessageLines), '…'] : error
    const message = [details.join(' · '), ...(kept.join('') === '' ? [] : kept)].join('\n')
    lines.push(
      command(
        test === undefined
          ? { title }
          : { file: joinPath(pathPrefix, test.file), line: test.line, title },
        message,
      ),
    )
  }

  if (lines.length <= maxAnnotations) return lines
  const kept = lines.slice(0, maxAnnotations - 1)
  kept.push(
    command(
      { title: 'signalbox' },
      `${lines.length - kept.length} more blocking annotations left out; readiness.md lists them all.`,
    ),
  )
  return kept
}
