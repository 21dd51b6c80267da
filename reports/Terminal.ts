import Table from 'cli-table3'
import type { Decision, Results, TestStatus } from '../core/index.js'
import { type Severity, severities } from '../core/index.js'
import { isFindingStatus } from '../gates/Classification.js'
import { collectFindings, findingOwner } from './Findings.js'
import { statusLabel } from './Labels.js'
import { countStatuses, describeCounts, runDurationMs, summarizeFeatures } from './Tallies.js'
import { cleanText, formatDuration, stripAnsi, truncate } from './Text.js'

/**
 * The end-of-run summary in the terminal and the live progress while tests
 * run. Colour is plain ANSI and off unless asked for: the caller knows whether
 * it writes to a TTY (and whether NO_COLOR is set); this module does not look.
 */

type Paint = (code: string, text: string) => string

function painter(color: boolean): Paint {
  return color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text
}

const decisionColor: Record<Decision, string> = { promote: '32;1', block: '31;1', error: '33;1' }
const severityColor: Record<Severity, string> = {
  SEV0: '35;1',
  SEV1: '31;1',
  SEV2: '33',
  SEV3: '2',
}

// cli-table3 colours heads red and borders grey through @colors/colors when it
// detects a TTY; an empty style keeps the output exactly what the caller asked.
const plainStyle = { head: [], border: [] }

/** Options of {@link renderTerminalSummary}. */
export interface TerminalOptions {
  /** ANSI colour. Default: `false` (pass `true` only for a TTY without NO_COLOR). */
  color?: boolean | undefined
  /** Width the tables fit into. Default: `100`. */
  width?: number | undefined
  /** How long the whole command took, shown instead of the run's duration. Default: the run's. */
  commandMs?: number | undefined
}

/** Blocking findings listed before "… and N more". */
const maxFindings = 15

/** Lines of one failure's message, and of its diff, shown before "… N more lines". */
const maxMessageLines = 20
const maxDiffLines = 40

/**
 * The end-of-run summary: per gate its decision, counts per severity and
 * reasons; the blocking findings with their ids; and per feature the passed,
 * failed and skipped tests. Tables are drawn with cli-table3.
 *
 * @param results The results of one run.
 * @param options Colour (default off), width (default 100).
 */
export function renderTerminalSummary(results: Results, options: TerminalOptions = {}): string {
  const paint = painter(options.color ?? false)
  const width = Math.max(60, options.width ?? 100)
  const bold = (text: string): string => paint('1', text)
  const { run } = results
  const duration = options.commandMs ?? runDurationMs(run)
  const out: string[] = []

  // The run id goes on its own line when the header would not fit the width.
  const header = `signalbox ${cleanText(run.devnet.name)} (${cleanText(run.devnet.backend)})${duration === undefined ? '' : ` · ${formatDuration(duration)}`}`
  const runId = `run ${cleanText(run.id)}`
  if (header.length + runId.length + 3 <= width) out.push(`${bold(header)} · ${runId}`)
  else out.push(bold(header), runId)
  const counts = countStatuses(results.tests)
  const failing = counts.failed + counts.errored + counts.timedOut
  const healthFailed = results.health.filter((check) => !check.ok).length
  out.push(
    `${results.tests.length} tests: ${paint(failing > 0 ? '31' : '32', describeCounts(results.tests))} · health ${results.health.length - healthFailed}/${results.health.length} ok`,
  )
  if (!run.complete) {
    out.push(
      paint(
        '31;1',
        `The run did not complete${run.error === undefined ? '' : `: ${cleanText(run.error)}`}`,
      ),
    )
  }

  out.push(...renderFailures(results, paint, width))

  // Columns have 1 space of padding either side and 8 borders; the reasons get what is left.
  const gateWidth =
    Math.max(4, ...results.verdicts.map((verdict) => cleanText(verdict.gate).length)) + 2
  const reasonWidth = Math.max(20, width - gateWidth - 10 - severities.length * 6 - 8)
  const gates = new Table({
    head: ['Gate', 'Decision', ...severities, 'Reasons'].map(bold),
    colWidths: [gateWidth, 10, ...severities.map(() => 6), reasonWidth],
    colAligns: ['left', 'left', ...severities.map(() => 'right' as const), 'left'],
    wordWrap: true,
    style: plainStyle,
  })
  for (const verdict of results.verdicts) {
    gates.push([
      cleanText(verdict.gate),
      paint(decisionColor[verdict.decision], verdict.decision.toUpperCase()),
      ...severities.map((severity) =>
        verdict.counts[severity] > 0
          ? paint(severityColor[severity], String(verdict.counts[severity]))
          : '0',
      ),
      verdict.reasons.length === 0
        ? '—'
        : verdict.reasons
            .map((reason) => `${cleanText(reason.rule)}: ${cleanText(reason.message)}`)
            .join('\n'),
    ])
  }
  if (results.verdicts.length === 0) out.push(paint('33;1', 'No gate was evaluated.'))
  else out.push(gates.toString())
  out.push(...renderWarnings(results, paint, width))

  const blocking = collectFindings(results).filter((entry) => entry.blocks.length > 0)
  if (blocking.length > 0) {
    out.push(bold(`Blocking findings (${blocking.length})`))
    // Severity (6) and borders (5) are fixed; blocks gets up to 20, id and title share the rest.
    const blocksWidth = Math.min(
      20,
      Math.max(8, ...blocking.map((entry) => entry.blocks.join(', ').length + 2)),
    )
    const rest = width - 6 - 5 - blocksWidth
    const idWidth = Math.max(20, Math.floor(rest * 0.55))
    const titleWidth = Math.max(16, rest - idWidth)
    const findings = new Table({
      head: ['Sev', 'Id', 'Finding', 'Blocks'].map(bold),
      colWidths: [6, idWidth, titleWidth, blocksWidth],
      wordWrap: true,
      style: plainStyle,
    })
    for (const entry of blocking.slice(0, maxFindings)) {
      const owner = findingOwner(entry)
      findings.push([
        paint(severityColor[entry.finding.severity], entry.finding.severity),
        // Ids must stay whole: wrap them here, breaking inside a word if it has to.
        wrap(cleanText(entry.finding.id), idWidth - 2),
        `${truncate(cleanText(entry.finding.title), 120)}${owner === undefined ? '' : `\n${paint('2', `owner ${cleanText(owner)}`)}`}`,
        entry.blocks.map(cleanText).join(', '),
      ])
    }
    out.push(findings.toString())
    if (blocking.length > maxFindings) {
      out.push(paint('2', `… and ${blocking.length - maxFindings} more in readiness.md`))
    }
  }

  const features = summarizeFeatures(results.tests)
  if (features.length > 0) {
    const table = new Table({
      head: ['Feature', 'Passed', 'Failed', 'Skipped', 'Time'].map(bold),
      colAligns: ['left', 'right', 'right', 'right', 'right'],
      style: plainStyle,
    })
    for (const feature of features) {
      table.push([
        cleanText(feature.feature),
        String(feature.passed),
        feature.failed > 0 ? paint('31', String(feature.failed)) : '0',
        feature.skipped > 0 ? paint('2', String(feature.skipped)) : '0',
        formatDuration(feature.durationMs),
      ])
    }
    out.push(table.toString())
  }
  return `${out.join('\n')}\n`
}

/**
 * Every test that failed, errored or timed out, whether or not it blocks a
 * gate (a quarantined test, a SEV3 one): its id, where it is, its message
 * and its diff, as vitest shows them. Lines are cut to the width.
 */
function renderFailures(results: Results, paint: Paint, width: number): string[] {
  const failures = results.tests.filter((test) => isFindingStatus(test.status))
  if (failures.length === 0) return []
  const out = [paint('1', `Failures (${failures.length})`)]
  const indent = '    '
  const indented = (line: string) =>
    hardWrap(line, width - indent.length).map((part) => indent + part)
  for (const test of failures) {
    const notes = [
      test.owner === undefined ? undefined : `owner ${cleanText(test.owner)}`,
      test.quarantined ? 'quarantined' : undefined,
      test.harnessProblem ? 'harness problem' : undefined,
    ].filter((note) => note !== undefined)
    const head = `${paint('31', `✗ ${statusLabel[test.status]}`)} ${cleanText(test.id)}`
    out.push(
      ...hardWrap(head, width),
      ...(notes.length > 0 ? indented(paint('2', notes.join(' · '))) : []),
    )
    if (test.line !== undefined)
      out.push(...indented(paint('2', `at ${cleanText(test.file)}:${test.line}`)))
    const message = test.error?.message ?? 'no error message'
    // Prose wraps at spaces; a diff keeps its columns and is cut where it must.
    const words = (line: string) =>
      line.trim() === ''
        ? ['']
        : wrap(line, width - indent.length)
            .split('\n')
            .map((part) => indent + part)
    out.push(...limitLines(cleanText(message), maxMessageLines).flatMap(words))
    const diff = test.error?.diff
    if (diff) out.push(...limitLines(cleanText(diff), maxDiffLines).flatMap(indented))
    out.push('')
  }
  return out
}

/** The judging's warnings (readiness entries that match nothing…), each wrapped to the width. */
function renderWarnings(results: Results, paint: Paint, width: number): string[] {
  const warnings = results.warnings ?? []
  if (warnings.length === 0) return []
  return [
    paint(
      '33;1',
      `Warnings (${warnings.length}): entries that count for nothing; fix or remove them`,
    ),
    ...warnings.flatMap((warning) =>
      wrap(`! ${cleanText(warning.message)}`, width)
        .split('\n')
        .map((line) => paint('33', line)),
    ),
  ]
}

/** The first `max` lines of a text, and how many more there were. */
function limitLines(text: string, max: number): string[] {
  const lines = text.replace(/\s+$/, '').split(/\r\n|\r|\n/)
  if (lines.length <= max) return lines
  return [...lines.slice(0, max), `… ${lines.length - max} more line(s) in results.json`]
}

/** A line cut into pieces no wider than `width` (ANSI sequences take no room). */
function hardWrap(line: string, width: number): string[] {
  const visible = stripAnsi(line)
  if ([...visible].length <= width) return [line]
  const characters = [...visible]
  const pieces: string[] = []
  for (let start = 0; start < characters.length; start += width)
    pieces.push(characters.slice(start, start + width).join(''))
  return pieces
}

/** What the progress renderer needs to know about a finished test. */
export interface TestFinishedEvent {
  id: string
  feature: string
  status: TestStatus
}

/** Options of {@link ProgressRenderer}. */
export interface ProgressOptions {
  /** Tests expected; the bar and the `N/M` count are relative to it. */
  total: number
  /** Where the text goes, e.g. `(text) => process.stderr.write(text)`. */
  write: (text: string) => void
  /** Redraw one line with a bar (a terminal) or print plain lines (a log). Default: `false`. */
  tty?: boolean | undefined
  /** ANSI colour. Default: `false`. */
  color?: boolean | undefined
  /** Width of the redrawn line on a TTY. Default: `80`. */
  columns?: number | undefined
  /**
   * Without a TTY, print `N/M done` every this many tests. Default: a tenth of
   * the total known so far (it grows as files are collected), at least 1.
   */
  every?: number | undefined
}

/**
 * Live progress of a run. On a TTY it redraws a single line with a bar, the
 * counts and the last test, printing each failure above it; in a log it prints
 * one line per failure and a `N/M done` line every `every` tests and at the end.
 * It keeps no clock and writes only through the injected `write`.
 */
export class ProgressRenderer {
  readonly #options: {
    total: number
    write: (text: string) => void
    tty: boolean
    columns: number
    every: number | undefined
  }
  readonly #paint: Paint
  #done = 0
  #passed = 0
  #failed = 0
  #skipped = 0
  #lastReported = 0
  #drawn = false

  /**
   * @param options Total, writer, TTY mode (default false), colour (default
   *   false), line width (default 80), plain-line interval (default total/10).
   */
  constructor(options: ProgressOptions) {
    const total = Math.max(0, Math.floor(options.total))
    this.#options = {
      total,
      write: options.write,
      tty: options.tty ?? false,
      columns: Math.max(40, options.columns ?? 80),
      every: options.every === undefined ? undefined : Math.max(1, Math.floor(options.every)),
    }
    this.#paint = painter(options.color ?? false)
  }

  /** Adds tests to the total as they are found: a run learns its size file by file. */
  testsFound(count: number): void {
    this.#options.total += Math.max(0, Math.floor(count))
  }

  /** Records one finished test and updates the output. */
  testFinished(event: TestFinishedEvent): void {
    this.#done++
    if (event.status === 'passed') this.#passed++
    else if (event.status === 'skipped') this.#skipped++
    else this.#failed++
    const failed = isFindingStatus(event.status)
    const { write, tty, total } = this.#options
    const every = this.#options.every ?? Math.max(1, Math.ceil(total / 10))
    if (tty) {
      if (failed) write(`\r\u001b[2K${this.#failureLine(event)}\n`)
      write(`\r\u001b[2K${this.#progressLine(event)}`)
      this.#drawn = true
      return
    }
    if (failed) write(`${this.#failureLine(event)}\n`)
    if (this.#done - this.#lastReported >= every || this.#done === total) this.#reportCount()
  }

  /** Ends the output: on a TTY leaves the last line in place; in a log prints the final count. */
  finish(): void {
    if (this.#options.tty) {
      if (this.#drawn) this.#options.write('\n')
      this.#drawn = false
      return
    }
    if (this.#lastReported !== this.#done) this.#reportCount()
  }

  #counts(): string {
    const parts = [this.#paint('32', `${this.#passed} passed`)]
    if (this.#failed > 0) parts.push(this.#paint('31', `${this.#failed} failed`))
    if (this.#skipped > 0) parts.push(this.#paint('2', `${this.#skipped} skipped`))
    return parts.join(', ')
  }

  #reportCount(): void {
    this.#lastReported = this.#done
    this.#options.write(`${this.#done}/${this.#options.total} done (${this.#counts()})\n`)
  }

  #failureLine(event: TestFinishedEvent): string {
    return `${this.#paint('31', `✗ ${statusLabel[event.status]}`)} ${cleanText(event.id)} ${this.#paint('2', `[${cleanText(event.feature)}]`)}`
  }

  #progressLine(event: TestFinishedEvent): string {
    const { total, columns } = this.#options
    const ratio = total === 0 ? 1 : Math.min(1, this.#done / total)
    const barWidth = Math.min(30, Math.max(10, Math.floor(columns / 4)))
    const filled = Math.round(ratio * barWidth)
    const bar = `${this.#paint(this.#failed > 0 ? '31' : '32', '█'.repeat(filled))}${this.#paint('2', '░'.repeat(barWidth - filled))}`
    const counts = `${this.#done}/${total} ${String(Math.floor(ratio * 100)).padStart(3)}%`
    const tally = `✓${this.#passed} ✗${this.#failed} ↷${this.#skipped}`
    // Everything but the test id has a known width; the id gets what is left.
    const fixed = barWidth + counts.length + tally.length + 6
    const room = columns - fixed
    const last = room >= 10 ? ` ${truncateStart(cleanText(event.id), room)}` : ''
    return `${bar} ${counts} ${this.#paint(this.#failed > 0 ? '31' : '2', tally)}${this.#paint('2', last)}`
  }
}

/** Greedy word wrap; a word longer than the width is split across lines. */
function wrap(text: string, width: number): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    let rest = word
    while (rest.length > 0) {
      const room = line === '' ? width : width - line.length - 1
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`
        rest = ''
      } else if (line !== '' && rest.length <= width) {
        lines.push(line)
        line = ''
      } else {
        const take = Math.max(1, room)
        lines.push(line === '' ? rest.slice(0, take) : `${line} ${rest.slice(0, take)}`)
        line = ''
        rest = rest.slice(take)
      }
    }
  }
  if (line !== '') lines.push(line)
  return lines.join('\n')
}

/** Keeps the end of a long id (the test name), cutting from the start. */
function truncateStart(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length <= max ? oneLine : `…${oneLine.slice(oneLine.length - max + 1)}`
}
