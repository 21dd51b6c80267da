import { describe, expect, test } from 'vitest'
import type { TestStatus } from '../core/index.js'
import { fixtureIds, fixtureResults, hostileResults } from '../test/fixtures/reports.js'
import { ProgressRenderer, renderTerminalSummary } from './Terminal.js'

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
const ansi = /\u001b\[[0-9;]*m/g

describe('renderTerminalSummary', () => {
  test('without colour: per-gate verdicts, blocking findings with ids, per-feature table', () => {
    const text = renderTerminalSummary(fixtureResults())
    expect(text).not.toMatch(ansi)
    const lines = text.split('\n')
    expect(lines[0]).toBe(
      'signalbox interop-devnet-7 (kurtosis) · 12m 27s · run 2026-11-20T14-02-11Z-7f3a9c',
    )
    expect(lines[1]).toBe(
      '17 tests: 9 passed, 4 failed, 1 errored, 1 timed out, 2 skipped · health 5/6 ok',
    )
    expect(text).toMatch(/│ alphanet │ PROMOTE {2}│ +0 │ +0 │ +2 │ +1 │ — +│/)
    expect(text).toMatch(
      /│ betanet +│ BLOCK +│ +2 │ +1 │ +3 │ +1 │ open-sev0: 2 open SEV0 findings/,
    )
    expect(text).toContain('Blocking findings (4)')
    // Long ids wrap inside their column; joined back they are whole.
    const idColumn = lines
      .filter((line) => line.startsWith('│'))
      .map((line) => line.split('│')[2]?.trim() ?? '')
      .join(' ')
    expect(idColumn).toContain(fixtureIds.relay)
    expect(idColumn).toContain(fixtureIds.supervisor)
    // An id without spaces is broken inside, never cut short.
    expect(idColumn.replace(/\s/g, '')).toContain('health:op-devnet-1:head-advancing:op-geth-1')
    expect(idColumn).not.toContain('…')
    expect(text).toMatch(/│ Feature +│ Passed │ Failed │ Skipped │ +Time │/)
    expect(text).toMatch(/│ interop +│ +2 │ +2 │ +0 │ 1m 41s │/)
  })

  test("the command's own time, where it is given, replaces the run's in the header", () => {
    const [header] = renderTerminalSummary(fixtureResults(), { commandMs: 14_200 }).split('\n')
    expect(header).toBe(
      'signalbox interop-devnet-7 (kurtosis) · 14.2 s · run 2026-11-20T14-02-11Z-7f3a9c',
    )
  })

  test('fits the requested width', () => {
    for (const width of [80, 100, 140]) {
      const text = renderTerminalSummary(fixtureResults(), { width })
      const widest = Math.max(...text.split('\n').map((line) => [...line].length))
      expect(widest).toBeLessThanOrEqual(width)
    }
  })

  test('with colour: decisions and severities are coloured, the text is the same', () => {
    const plain = renderTerminalSummary(fixtureResults())
    const colored = renderTerminalSummary(fixtureResults(), { color: true })
    expect(colored).toContain('\u001b[32;1mPROMOTE\u001b[0m')
    expect(colored).toContain('\u001b[31;1mBLOCK\u001b[0m')
    expect(colored).toContain('\u001b[35;1mSEV0\u001b[0m')
    expect(colored).toContain('\u001b[1msignalbox interop-devnet-7 (kurtosis) · 12m 27s\u001b[0m')
    expect(colored.replace(ansi, '')).toBe(plain)
  })

  test('terminal escapes in data are stripped', () => {
    const text = renderTerminalSummary(hostileResults())
    expect(text).not.toMatch(ansi)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no raw control characters either
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/)
  })

  test('an incomplete run and a run without verdicts say so', () => {
    const results = fixtureResults()
    results.run.complete = false
    results.run.error = 'shard 2 of 3 missing'
    results.verdicts = []
    const text = renderTerminalSummary(results)
    expect(text).toContain('The run did not complete: shard 2 of 3 missing')
    expect(text).toContain('No gate was evaluated.')
  })
})

function events(statuses: TestStatus[]): { id: string; feature: string; status: TestStatus }[] {
  return statuses.map((status, index) => ({
    id: `f/t.accept.ts > t${index}`,
    feature: 'f',
    status,
  }))
}

describe('ProgressRenderer', () => {
  test('without a TTY: one line per failure and a periodic N/M line', () => {
    const out: string[] = []
    const progress = new ProgressRenderer({ total: 5, write: (text) => out.push(text), every: 2 })
    for (const event of events(['passed', 'failed', 'skipped', 'timedOut', 'passed'])) {
      progress.testFinished(event)
    }
    progress.finish()
    expect(out.join('')).toMatchInlineSnapshot(`
      "✗ failed f/t.accept.ts > t1 [f]
      2/5 done (1 passed, 1 failed)
      ✗ timed out f/t.accept.ts > t3 [f]
      4/5 done (1 passed, 2 failed, 1 skipped)
      5/5 done (2 passed, 2 failed, 1 skipped)
      "
    `)
  })

  test('without a TTY, by default: a line every tenth of the total known so far, as files are found', () => {
    const out: string[] = []
    const progress = new ProgressRenderer({ total: 0, write: (text) => out.push(text) })
    progress.testsFound(1_000)
    for (const event of events(Array(300).fill('passed'))) progress.testFinished(event)
    progress.testsFound(9_000)
    for (const event of events(Array(9_700).fill('passed'))) progress.testFinished(event)
    progress.finish()
    expect(out.map((line) => line.split(' ')[0])).toEqual([
      '100/1000',
      '200/1000',
      '300/1000',
      '1300/10000',
      '2300/10000',
      '3300/10000',
      '4300/10000',
      '5300/10000',
      '6300/10000',
      '7300/10000',
      '8300/10000',
      '9300/10000',
      '10000/10000',
    ])
  })

  test('without a TTY: finish prints the final count when fewer tests came than expected', () => {
    const out: string[] = []
    const progress = new ProgressRenderer({ total: 100, write: (text) => out.push(text) })
    for (const event of events(['passed', 'passed', 'passed'])) progress.testFinished(event)
    expect(out).toEqual([])
    progress.finish()
    expect(out).toEqual(['3/100 done (3 passed)\n'])
  })

  test('on a TTY: redraws one line with a bar and prints failures above it', () => {
    const out: string[] = []
    const progress = new ProgressRenderer({
      total: 4,
      write: (text) => out.push(text),
      tty: true,
      columns: 80,
    })
    for (const event of events(['passed', 'errored', 'passed', 'passed']))
      progress.testFinished(event)
    progress.finish()
    expect(out).toEqual([
      '\r\u001b[2K█████░░░░░░░░░░░░░░░ 1/4  25% ✓1 ✗0 ↷0 f/t.accept.ts > t0',
      '\r\u001b[2K✗ errored f/t.accept.ts > t1 [f]\n',
      '\r\u001b[2K██████████░░░░░░░░░░ 2/4  50% ✓1 ✗1 ↷0 f/t.accept.ts > t1',
      '\r\u001b[2K███████████████░░░░░ 3/4  75% ✓2 ✗1 ↷0 f/t.accept.ts > t2',
      '\r\u001b[2K████████████████████ 4/4 100% ✓3 ✗1 ↷0 f/t.accept.ts > t3',
      '\n',
    ])
  })

  test('on a TTY: the line never exceeds the width; long ids keep their end', () => {
    const out: string[] = []
    const progress = new ProgressRenderer({
      total: 1,
      write: (t) => out.push(t),
      tty: true,
      columns: 60,
    })
    progress.testFinished({
      id: `${'very/long/path/'.repeat(10)}x.accept.ts > the test name`,
      feature: 'f',
      status: 'passed',
    })
    const line = (out[0] ?? '').replace('\r\u001b[2K', '')
    expect([...line].length).toBeLessThanOrEqual(60)
    expect(line.endsWith('.ts > the test name')).toBe(true)
    expect(line).toContain('…')
  })

  test('colour is opt-in', () => {
    const out: string[] = []
    const progress = new ProgressRenderer({ total: 1, write: (t) => out.push(t), color: true })
    progress.testFinished({ id: 'a', feature: 'f', status: 'failed' })
    expect(out[0]).toBe('\u001b[31m✗ failed\u001b[0m a \u001b[2m[f]\u001b[0m\n')
  })

  test('zero expected tests does not divide by zero', () => {
    const out: string[] = []
    const progress = new ProgressRenderer({ total: 0, write: (t) => out.push(t), tty: true })
    progress.testFinished({ id: 'a', feature: 'f', status: 'passed' })
    expect(out[0]).toContain('1/0 100%')
  })
})

describe('renderTerminalSummary: failures', () => {
  test('lists every failure with its message and diff, blocking or not', () => {
    const results = fixtureResults()
    const quarantined = results.tests.find((result) => result.quarantined)
    const baseFee = results.tests.find((result) => result.id.startsWith('fees/base-fee'))
    if (!quarantined?.error || !baseFee?.error) throw new Error('fixture changed')
    baseFee.error.diff = '- Expected\n+ Received\n\n-   "gasUsed": 21000n,\n+   "gasUsed": 21001n,'
    const text = renderTerminalSummary(results)

    const failing = results.tests.filter((result) =>
      ['failed', 'errored', 'timedOut'].includes(result.status),
    )
    expect(text).toContain(`Failures (${failing.length})`)
    for (const result of failing) expect(text).toContain(result.id)
    // A quarantined failure blocks nothing, and is still shown with its message.
    expect(text).toContain('owner sequencing-team · quarantined')
    expect(text).toContain(quarantined.error.message)
    // The diff keeps its columns.
    expect(text).toContain('\n    -   "gasUsed": 21000n,\n    +   "gasUsed": 21001n,\n')
    // Failures come before the gates' table, as vitest prints them before its summary.
    expect(text.indexOf('Failures (')).toBeLessThan(text.indexOf('│ Gate'))
  })

  test('a long message is cut to its first lines, pointing at results.json', () => {
    const results = fixtureResults()
    const failed = results.tests.find((result) => result.status === 'failed')
    if (!failed) throw new Error('fixture changed')
    failed.error = { message: Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') }
    const text = renderTerminalSummary(results)
    expect(text).toContain('    line 19\n    … 30 more line(s) in results.json')
    expect(text).not.toContain('line 20')
  })
})

describe('warnings in the terminal summary', () => {
  const warning = {
    rule: 'readiness-unmatched',
    source: 'rc.yaml: mitigations[0].finding',
    message: 'rc.yaml: mitigations[0].finding "EXP-9" matches no finding; it is ignored',
  }

  test('each warning after the gates, wrapped to the width; none without warnings', () => {
    const text = renderTerminalSummary({ ...fixtureResults(), warnings: [warning] }, { width: 60 })
    const at = text.indexOf('Warnings (1): entries that count for nothing')
    expect(at).toBeGreaterThan(text.indexOf('betanet'))
    expect(text.slice(at).replace(/\n(?!!|Warnings)/g, ' ')).toContain(`! ${warning.message}`)
    expect(renderTerminalSummary(fixtureResults())).not.toContain('Warnings')
  })
})
