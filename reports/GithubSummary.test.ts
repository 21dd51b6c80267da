import { describe, expect, test } from 'vitest'
import {
  fixtureIds,
  fixtureReadiness,
  fixtureResults,
  hostileName,
  hostileResults,
} from '../test/fixtures/reports.js'
import {
  escapeWorkflowData,
  escapeWorkflowProperty,
  renderGithubAnnotations,
  renderGithubSummary,
} from './GithubSummary.js'

interface Command {
  command: string
  properties: Record<string, string>
  message: string
}

const decode = (text: string): string =>
  text
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')

/**
 * Reads a workflow command the way the Actions runner does: the command name
 * up to a space or `::`, properties split on `,` and the first `=`, the message
 * after the first `::` that follows the properties.
 */
function parseCommand(line: string): Command {
  expect(line).not.toMatch(/[\r\n]/)
  const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line)
  if (match === null) throw new Error(`not a workflow command: ${line}`)
  const properties: Record<string, string> = {}
  for (const pair of (match[2] ?? '').split(',').filter((part) => part !== '')) {
    const eq = pair.indexOf('=')
    properties[pair.slice(0, eq)] = decode(pair.slice(eq + 1))
  }
  return { command: match[1] ?? '', properties, message: decode(match[3] ?? '') }
}

describe('workflow command escaping', () => {
  test('escapes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeWorkflowData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b')
    expect(escapeWorkflowProperty('100% done\r\nnext: a, b')).toBe(
      '100%25 done%0D%0Anext%3A a%2C b',
    )
  })

  test('an already escaped sequence is not decoded by the runner', () => {
    expect(escapeWorkflowData('%0A::error::x')).toBe('%250A::error::x')
  })
})

describe('renderGithubAnnotations', () => {
  test('annotates each blocking finding at its repo path and line, most severe first', () => {
    const lines = renderGithubAnnotations(fixtureResults(), { pathPrefix: 'suites' })
    const commands = lines.map(parseCommand)
    expect(commands.every((c) => c.command === 'error')).toBe(true)
    expect(commands.map((c) => [c.properties.file, c.properties.line, c.properties.title])).toEqual(
      [
        [undefined, undefined, 'signalbox: betanet blocked (checklist-incomplete)'],
        [
          undefined,
          undefined,
          'SEV0 Catastrophic blocks betanet: head-advancing failed on op-devnet-1 (op-geth-1): head stuck at block 1204 for 30 s',
        ],
        [
          'suites/interop/messaging.accept.ts',
          '27',
          'SEV0 Catastrophic blocks betanet: message from A is relayed to B: failed: AssertionError: expected message 0x9f3c…e1 to be relayed on op-devnet-1 within 60s: still pending after 30 blocks',
        ],
        [
          'suites/interop/supervisor.accept.ts',
          '9',
          "SEV1 Critical blocks betanet: safe head advances on both chains: errored: TypeError: Cannot read properties of undefined (reading 'safe')",
        ],
        [
          'suites/bridge/withdrawals.accept.ts',
          '22',
          'SEV2 Major blocks betanet: withdrawal proves and finalizes: timed out: Error: Test timed out in 120000ms.',
        ],
      ],
    )
    expect(commands[2]?.message).toBe(
      `${fixtureIds.relay} (failed) · owner: interop-team
AssertionError: expected message 0x9f3c…e1 to be relayed on op-devnet-1 within 60s: still pending after 30 blocks
    at waitForRelay (suites/kit/interop.ts:88:11)
    at interop/messaging.accept.ts:39:5`,
    )
    expect(commands[4]?.message).toContain('mitigation expired 2026-11-15')
  })

  test('promoting gates and non-blocking findings produce no annotation', () => {
    const results = fixtureResults()
    results.verdicts = results.verdicts.filter((v) => v.gate === 'alphanet')
    expect(renderGithubAnnotations(results)).toEqual([])
  })

  test('hostile names cannot end the command or inject another', () => {
    const results = hostileResults()
    const betanet = results.verdicts[1]
    if (betanet === undefined) throw new Error('fixture has two gates')
    const hostile = results.tests.filter((t) => t.feature === 'hostile')
    for (const test of hostile) {
      betanet.findings.unshift({
        id: test.id,
        severity: 'SEV0',
        source: 'test',
        title: `${test.name}, file=evil.ts::pwned`,
        classifiedBy: 'test',
      })
      betanet.reasons[0]?.refs.push(test.id)
    }
    const commands = renderGithubAnnotations(results, { maxAnnotations: 50 }).map(parseCommand)
    const injected = commands.filter((c) => c.properties.title?.includes('pwned'))
    expect(injected).toHaveLength(2)
    for (const command of injected) {
      expect(command.properties.file).toBe('hostile/names.accept.ts')
      expect(
        Object.keys(command.properties).every((key) => ['file', 'line', 'title'].includes(key)),
      ).toBe(true)
    }
    expect(injected[0]?.properties.title).toBe(
      `SEV0 Catastrophic blocks betanet: ${hostileName}, file=evil.ts::pwned`,
    )
    expect(injected[1]?.message).toContain('%0A::error::x')
  })

  test('caps the number of lines and says how many were left out', () => {
    const lines = renderGithubAnnotations(fixtureResults(), { maxAnnotations: 3 })
    expect(lines).toHaveLength(3)
    expect(parseCommand(lines[2] ?? '').message).toBe(
      '3 more blocking annotations left out; readiness.md lists them all.',
    )
  })

  test('a gate that could not decide is annotated', () => {
    const results = fixtureResults()
    results.verdicts = [
      {
        gate: 'alphanet',
        decision: 'error',
        reasons: [],
        counts: { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 },
        findings: [],
      },
    ]
    expect(renderGithubAnnotations(results)).toEqual([
      '::error title=signalbox%3A alphanet could not decide::The gate could not decide.',
    ])
  })
})

describe('renderGithubSummary', () => {
  test('is a short readiness summary: decisions, reasons, blocking findings, health', () => {
    const summary = renderGithubSummary(fixtureResults(), { readiness: fixtureReadiness() })
    expect(summary).toContain('## 🚦 Release readiness: interop-devnet-7')
    expect(summary).toContain('| betanet | ⛔ **BLOCK** | 2 | 1 | 3 | 1 |')
    expect(summary).toContain('### betanet: ⛔ **BLOCK**')
    expect(summary).not.toContain('### alphanet')
    expect(summary).toContain('### Blocking findings (4)')
    expect(summary).toContain(
      '| SEV2 Major | withdrawal proves and finalizes: timed out: Error: Test timed out in 120000ms.<br>',
    )
    expect(summary).toContain('❌ expired 2026-11-15')
    expect(summary).toContain(
      '- **op-devnet-1/op-geth-1** head-advancing: head stuck at block 1204 for 30 s',
    )
    expect(summary).toContain('**Checklist:** 3 of 5 done · **Sign-off:** pending')
    // Shorter than the report it points to.
    expect(summary.length).toBeLessThan(4000)
  })

  test('lists at most maxFindings blocking findings', () => {
    const summary = renderGithubSummary(fixtureResults(), { maxFindings: 2 })
    expect(summary).toContain('| | … and 2 more in readiness.md | | | |')
  })

  test('a passing run says so without a findings section', () => {
    const results = fixtureResults()
    results.verdicts = results.verdicts.filter((v) => v.gate === 'alphanet')
    const summary = renderGithubSummary(results)
    expect(summary).toContain('| alphanet | ✅ **PROMOTE** |')
    expect(summary).not.toContain('Blocking findings')
  })
})
