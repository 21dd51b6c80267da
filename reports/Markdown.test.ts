import MarkdownIt from 'markdown-it'
import { describe, expect, test } from 'vitest'
import {
  fixtureIds,
  fixtureReadiness,
  fixtureResults,
  hostileName,
  hostileResults,
} from '../test/fixtures/reports.js'
import { codeBlock, escapeMarkdown, renderMarkdown } from './Markdown.js'

// markdown-it is the CommonMark + GFM-tables renderer of Discourse, where a
// governance post is pasted; `html: true` lets raw HTML through, as GitHub and
// Discourse do for allowed tags, so an unescaped tag in the data would show.
const md = new MarkdownIt({ html: true })

type Token = ReturnType<typeof md.parse>[number]

/** Each table as rows of cell texts (inline text with markup removed). */
function tables(source: string): string[][][] {
  const out: string[][][] = []
  let table: string[][] | undefined
  let row: string[] | undefined
  for (const token of md.parse(source, {})) {
    if (token.type === 'table_open') table = []
    else if (token.type === 'table_close' && table !== undefined) {
      out.push(table)
      table = undefined
    } else if (token.type === 'tr_open') row = []
    else if (token.type === 'tr_close' && row !== undefined) {
      table?.push(row)
      row = undefined
    } else if (token.type === 'inline' && row !== undefined && table !== undefined) {
      row.push(inlineText(token))
    }
  }
  return out
}

function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((child) => {
      if (child.type === 'text' || child.type === 'code_inline') return child.content
      if (child.type === 'html_inline' && child.content === '<br>') return '\n'
      return ''
    })
    .join('')
}

/** Raw HTML markdown-it passed through, tag names only. */
function rawTags(source: string): string[] {
  const tags: string[] = []
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (token.type === 'html_inline' || token.type === 'html_block') {
        for (const match of token.content.matchAll(/<\/?([a-zA-Z][\w-]*)/g))
          tags.push(match[1] ?? '')
      }
      if (token.children) visit(token.children)
    }
  }
  visit(md.parse(source, {}))
  return [...new Set(tags)].sort()
}

function findTable(source: string, header: string): string[][] {
  const table = tables(source).find((rows) => rows[0]?.[0] === header)
  if (table === undefined) throw new Error(`no table with header ${header}`)
  return table
}

describe('renderMarkdown', () => {
  const report = renderMarkdown(fixtureResults(), { readiness: fixtureReadiness() })

  test('states each gate decision with counts per severity', () => {
    expect(findTable(report, 'Gate')).toEqual([
      ['Gate', 'Decision', 'SEV0', 'SEV1', 'SEV2', 'SEV3'],
      ['alphanet', '✅ PROMOTE', '0', '0', '2', '1'],
      ['betanet', '⛔ BLOCK', '2', '1', '3', '1'],
    ])
  })

  test('explains a block with each reason and the findings behind it', () => {
    const section = report.slice(report.indexOf('### betanet'), report.indexOf('## Sign-off'))
    expect(section).toContain('1. **open-sev0**: 2 open SEV0 findings; gate "betanet" allows 0')
    expect(section).toContain(
      `   - **SEV0** message from A is relayed to B: failed: AssertionError: expected message 0x9f3c…e1 to be relayed on op-devnet-1 within 60s: still pending after 30 blocks (${fixtureIds.relay}), owner interop-team`,
    )
    expect(section).toContain(
      '   - **SEV0** head-advancing failed on op-devnet-1 (op-geth-1): head stuck at block 1204 for 30 s (health check)',
    )
    expect(section).toContain('3. **sev2-mitigation-expired**: 1 SEV2 finding with an expired')
    expect(section).toContain(
      '   - checklist item audit-done: Security review of the supervisor complete (open)',
    )
    expect(report).toContain('### alphanet: ✅ **PROMOTE**\n\nAll promotion rules hold.')
  })

  test('groups findings by severity with owner and mitigation state', () => {
    const sev2 = findTable(report.slice(report.indexOf('### SEV2 · Major')), 'Finding')
    expect(sev2.map((row) => [row[0]?.split('\n')[1], row[2], row[4], row[5]])).toEqual([
      [undefined, 'Owner', 'Mitigation', 'Blocks'],
      [
        fixtureIds.withdrawal,
        'bridge-team',
        '❌ expired 2026-11-15: Shorten the finalization period on devnets (owner bridge-team)',
        'betanet',
      ],
      [
        fixtureIds.baseFee,
        'fees-team',
        '✅ until 2026-12-05: EIP-1559 elasticity fix ships in op-node v1.9.4; redeploy scheduled before betanet (owner fees-team, plan)',
        'no',
      ],
      [
        'RRC-12',
        'batcher-team',
        '✅ until 2026-12-01: Alert at 300 gwei; runbook step to raise the batcher fee cap (owner batcher-team)',
        'no',
      ],
    ])
    for (const heading of [
      '### SEV0 · Catastrophic (2)',
      '### SEV1 · Critical (1)',
      '### SEV3 · Minor (1)',
    ]) {
      expect(report).toContain(heading)
    }
  })

  test('lists checklist, health, skipped, quarantined and flaky tests, devnet and sign-off', () => {
    expect(
      findTable(report, 'Status')
        .slice(1)
        .map((row) => [row[0], row[2]]),
    ).toEqual([
      ['✅ done', ''],
      ['✅ done', ''],
      ['✅ done', ''],
      ['❌ open', 'betanet'],
      ['⬜ open', ''],
    ])
    expect(findTable(report, 'Tests')[1]).toEqual([
      fixtureIds.getLogs,
      'SEV3',
      'wrong error code only; clients handle both codes',
      'A. Rivera (Platforms)',
    ])
    const health = findTable(report, 'Result')
    expect(health[1]).toEqual([
      '❌ failed',
      'op-devnet-1',
      'op-geth-1',
      'head-advancing',
      'head stuck at block 1204 for 30 s',
    ])
    expect(findTable(report, 'Chain').slice(1)).toEqual([
      ['l1', 'L1', '900', 'Geth/v1.14.11-stable/linux-amd64'],
      ['op-devnet-0', 'L2', '901', 'op-geth/v1.101411.2-stable/linux-amd64'],
      ['op-devnet-1', 'L2', '902', 'unknown'],
    ])
    expect(report).toContain('## Skipped tests (2)')
    expect(report).toContain('fault proofs are disabled on this devnet (no DisputeGameFactory)')
    expect(report).toContain('## Quarantined tests (2)')
    expect(report).toContain('### Flaky tests (1)')
    expect(report).toContain('**Not signed off.**')
  })

  test('shows timings: start, end, duration and the slowest tests', () => {
    expect(findTable(report, 'Started')[1]).toEqual([
      '2026-11-20 14:02:11 UTC',
      '2026-11-20 14:14:38 UTC',
      '12m 27s',
      '6m 43s',
    ])
    const slowest = findTable(report, '#')
    expect(slowest[1]).toEqual(['1', fixtureIds.withdrawal, 'bridge', '⏱️ timed out', '2m 00s'])
    expect(slowest).toHaveLength(11)
  })

  test('recommends what to do next', () => {
    const section = report.slice(
      report.indexOf('## Recommendations'),
      report.indexOf('## Findings'),
    )
    expect(section).toContain('1. Fix 3 SEV0/SEV1 findings before promotion (owners: interop-team)')
    expect(section).toContain(
      'Complete 1 checklist item that a gate requires.<br><sub>audit-done</sub>',
    )
    expect(section).toContain('Renew or resolve 1 expired mitigation')
    expect(section).toContain('Investigate 1 failing health check')
    expect(section).toContain('Record the Platforms pass/fail determination')
  })

  test('says so when no readiness file was given, and shows a sign-off when there is one', () => {
    const bare = renderMarkdown(fixtureResults())
    expect(bare).toContain('_No readiness file was given: the checklist was not evaluated._')
    const readiness = fixtureReadiness()
    readiness.signoff = {
      by: 'A. Rivera (Platforms)',
      at: '2026-11-21',
      decision: 'block',
      notes: 'Betanet waits for the interop fix.',
    }
    const signed = renderMarkdown(fixtureResults(), { readiness })
    expect(signed).toContain('**⛔ Block**, signed off by A. Rivera (Platforms) on 2026-11-21.')
    expect(signed).toContain('> Betanet waits for the interop fix.')
    expect(signed).toContain('**Sign-off:** block by A. Rivera (Platforms)')
  })

  test('a required checklist item missing from the readiness file is listed as missing', () => {
    const readiness = fixtureReadiness()
    readiness.checklist = readiness.checklist.filter((item) => item.id !== 'audit-done')
    const rows = findTable(renderMarkdown(fixtureResults(), { readiness }), 'Status')
    expect(rows.at(-1)).toEqual([
      '❌ missing',
      'not in the readiness file audit-done',
      'betanet',
      '',
    ])
  })

  test('warns when the run did not complete', () => {
    const results = fixtureResults()
    results.run.complete = false
    results.run.error = 'devnet stopped answering'
    expect(renderMarkdown(results)).toContain(
      '> **The run did not complete**: devnet stopped answering.',
    )
  })
})

describe('renderMarkdown with hostile input', () => {
  const results = hostileResults()
  const report = renderMarkdown(results, { readiness: fixtureReadiness() })

  test('lets no raw HTML from the data through', () => {
    expect(rawTags(report)).toEqual(['br', 'details', 'sub', 'summary'])
    const html = md.render(report)
    expect(html).not.toMatch(/<(script|img|iframe|b)\b/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('keeps tables intact: a pipe or newline in a name stays inside its cell', () => {
    const failures = findTable(report, 'Test')
    const failing = results.tests.filter((t) =>
      ['failed', 'errored', 'timedOut'].includes(t.status),
    )
    expect(failures).toHaveLength(failing.length + 1)
    const pipes = failures.find((row) => row[0]?.startsWith('pipes'))
    expect(pipes?.[0]?.split('\n')[0]).toBe('pipes | and newlines & "quotes" ')
    expect(pipes?.[1]).toBe('hostile')
    const script = failures.find((row) => row[0]?.startsWith('<script>'))
    expect(script?.[0]?.split('\n')[0]).toBe(hostileName)
    expect(script?.[5]).toBe('</script><img src=x onerror=alert(2)> | broken')
  })

  test('error text in code blocks renders verbatim', () => {
    const html = md.render(report)
    expect(html).toContain(
      '&lt;/details&gt;&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(4)&lt;/script&gt;',
    )
  })
})

describe('escapeMarkdown', () => {
  test('escapes what would become markup and joins lines', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) <h> & $x$ ~~s~~\nnext\r\nline')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;h> &amp; \\$x\\$ \\~\\~s\\~\\~ next line',
    )
  })

  test('neutralises block syntax at the start', () => {
    expect(escapeMarkdown('# heading')).toBe('\\# heading')
    expect(escapeMarkdown('- item')).toBe('\\- item')
    expect(escapeMarkdown('> quote')).toBe('\\> quote')
    expect(escapeMarkdown('1. first')).toBe('1\\. first')
  })

  test('a code block fence is longer than any backtick run inside', () => {
    expect(codeBlock('a ``` b ```` c')).toBe('`````text\na ``` b ```` c\n`````')
    const html = md.render(codeBlock('```\n# not a heading\n```'))
    expect(html).toBe('<pre><code class="language-text">```\n# not a heading\n```\n</code></pre>\n')
  })
})

describe('warnings in readiness.md', () => {
  test('a WARNING callout after the overview, each message escaped; none without warnings', () => {
    const results = {
      ...fixtureResults(),
      warnings: [
        {
          rule: 'readiness-unmatched',
          source: 'rc.yaml: triage[0].test',
          message: `rc.yaml: triage[0].test "${hostileName}" matches no test of the run; it is ignored`,
        },
      ],
    }
    const text = renderMarkdown(results, { readiness: fixtureReadiness() })
    const callout = text.indexOf('> [!WARNING]\n> **Warning**: entries that count for nothing')
    expect(callout).toBeGreaterThan(-1)
    expect(callout).toBeLessThan(text.indexOf('## Release decision'))
    expect(text).toContain(`> - rc.yaml: triage\\[0\\].test "${escapeMarkdown(hostileName)}"`)
    expect(text).not.toContain(hostileName)
    expect(renderMarkdown(fixtureResults())).not.toContain('[!WARNING]')
  })
})
