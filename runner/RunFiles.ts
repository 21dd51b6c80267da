import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Results } from '../core/index.js'
import {
  type ReportExtras,
  type ReportFormat,
  renderReport,
  reportFileNames,
} from '../reports/index.js'

/** Where a run's files go by default: `.signalbox/runs/<run id>/` under the working directory. */
export function defaultRunDir(cwd: string, runId: string): string {
  return join(cwd, '.signalbox', 'runs', runId)
}

/** A run id that sorts by time: `20261122T101500Z-a1b2c3`. */
export function newRunId(startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `${stamp}-${randomBytes(3).toString('hex')}`
}

/**
 * Writes a run's files into `dir`, each whole or not at all: every file is
 * written beside its final name and renamed into place, so a reader (or a
 * crash) never sees half a report.
 */
export async function writeRunFiles(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const suffix = `.partial-${process.pid}-${randomBytes(3).toString('hex')}`
  const entries = Object.entries(files)
  try {
    await Promise.all(
      entries.map(([name, content]) => writeFile(join(dir, name + suffix), content)),
    )
    await Promise.all(entries.map(([name]) => rename(join(dir, name + suffix), join(dir, name))))
  } catch (error) {
    await Promise.all(entries.map(([name]) => rm(join(dir, name + suffix), { force: true })))
    throw error
  }
  return entries.map(([name]) => join(dir, name))
}

/**
 * Every report of a run, by file name: results.json, readiness.md, junit.xml
 * and report.html. Rendered from redacted results, and redacted once more:
 * the readiness file's text (links, notes) goes into them too.
 */
export function renderRunFiles(
  results: Results,
  extras: ReportExtras,
  redact: (text: string) => string,
): Record<string, string> {
  const formats: ReportFormat[] = ['json', 'md', 'junit', 'html']
  return Object.fromEntries(
    formats.map((format) => [
      reportFileNames[format],
      redact(renderReport(results, format, extras)),
    ]),
  )
}
