import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import {
  fixtureIds,
  fixtureReadiness,
  fixtureResults,
  hostileName,
  hostileResults,
} from '../test/fixtures/reports.js'
import { escapeHtml, type HtmlData, htmlTestRows, jsonForScript, renderHtml } from './Html.js'

function dataBlock(html: string): string {
  const match = /<script type="application\/json" id="signalbox-data">([\s\S]*?)<\/script>/.exec(
    html,
  )
  if (match?.[1] === undefined) throw new Error('no data block')
  return match[1]
}

describe('jsonForScript', () => {
  test('escapes what could end a script block or break a JS string, and round-trips', () => {
    const value = { name: '</script><!-- & \u2028\u2029 >', nested: ['<SCRIPT>'] }
    const text = jsonForScript(value)
    expect(text).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(text)).toEqual(value)
  })
})

describe('escapeHtml', () => {
  test('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })
})

describe('renderHtml', () => {
  const html = renderHtml(hostileResults(), { readiness: fixtureReadiness() })

  test('is one self-contained file: no external resource of any kind', () => {
    expect(html).not.toMatch(/\s(src|href)="(?!data:|https?:\/\/example\.org\/)/i)
    expect(html).not.toMatch(/@import|url\(/i)
    expect(html).not.toMatch(/<link(?![^>]*href="data:)/i)
    expect(html.match(/<script\b/g)).toHaveLength(2)
  })

  test('the CSP allows exactly the inline script and style it carries, and no request', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? ''
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    const hash = (text: string): string => createHash('sha256').update(text).digest('base64')
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`)
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`)
  })

  test('the script builds rows with textContent and never parses data as HTML', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    expect(script).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    )
    expect(script).toContain('textContent')
  })

  test('hostile text appears only escaped in the markup and intact in the data', () => {
    const block = dataBlock(html)
    expect(block).not.toContain('</script')
    const data = JSON.parse(block) as HtmlData
    expect(data.tests.some((t) => t.name === hostileName)).toBe(true)
    const markup = html.replace(block, '')
    expect(markup).not.toContain(hostileName)
    expect(markup).not.toMatch(/<(img|iframe)\b/i)
  })

  test('shows one banner per gate with decision and counts, and the severity cards', () => {
    expect(html).toMatch(
      /<article class="verdict decision-promote">\s*<div class="verdict-head"><span class="gate">alphanet<\/span><span class="decision">Promote<\/span>/,
    )
    expect(html).toMatch(
      /<article class="verdict decision-block">[\s\S]*?<span class="gate">betanet<\/span>/,
    )
    expect(html).toContain('<span class="count sev-SEV0">SEV0 <b>2</b></span>')
    expect(html).toContain(
      '<button type="button" class="card sev-SEV1" data-filter="severity=SEV1" title="Show tests with SEV1 findings"><div class="n">1</div>',
    )
    expect(html).toContain('<span class="state bad">expired 2026-11-15</span>')
  })
})

describe('htmlTestRows', () => {
  test('failures first by severity, then skipped, then passed; severity is the classified one', () => {
    const rows = htmlTestRows(fixtureResults())
    expect(rows.slice(0, 6).map((row) => [row.severity, row.status])).toEqual([
      ['SEV0', 'failed'],
      ['SEV1', 'errored'],
      ['SEV2', 'timedOut'],
      ['SEV2', 'failed'],
      ['SEV2', 'failed'],
      ['SEV3', 'failed'],
    ])
    expect(rows[0]?.id).toBe(fixtureIds.relay)
    // Formatted here, so that the table reads like every other report.
    expect(rows[0]?.duration).toBe('1m 05s')
    expect(rows.slice(6, 8).map((row) => row.status)).toEqual(['skipped', 'skipped'])
    expect(rows.slice(8).map((row) => row.status)).toEqual(Array(9).fill('passed'))
  })

  test('errors carry a one-line summary and the message with the stack', () => {
    const row = htmlTestRows(fixtureResults()).find((r) => r.id === fixtureIds.baseFee)
    expect(row?.summary).toBe('AssertionError: expected 1000000007n to be greater than 1000000007n')
    expect(row?.error).toMatchInlineSnapshot(`
      "AssertionError: expected 1000000007n to be greater than 1000000007n

      - Expected: > 1000000007n
      + Received: 1000000007n
          at fees/base-fee.accept.ts:48:31
          at processTicksAndRejections (node:internal/process/task_queues:95:5)"
    `)
  })
})

describe('warnings in report.html', () => {
  test('listed, escaped, above the verdicts; none without warnings', () => {
    const message = `rc.yaml: triage[0].test "${hostileName}" matches no test of the run`
    const html = renderHtml({
      ...fixtureResults(),
      warnings: [{ rule: 'readiness-unmatched', source: 'rc.yaml: triage[0].test', message }],
    })
    const at = html.indexOf('<div class="alert warnings"><b>Warning</b>')
    expect(at).toBeGreaterThan(-1)
    expect(at).toBeLessThan(html.indexOf('<section class="verdicts">'))
    expect(html).toContain(`<li>${escapeHtml(message)}</li>`)
    expect(html).not.toContain(hostileName)
    expect(renderHtml(fixtureResults())).not.toContain('alert warnings')
  })
})
