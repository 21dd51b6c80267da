import { describe, expect, test } from 'vitest'
import { scriptableMarkup } from './MarkupCheck.js'

describe('scriptableMarkup', () => {
  test('finds injected elements, handlers, styles and script URLs', () => {
    expect(scriptableMarkup('<p><img src=x onerror=alert(1)></p>')).toEqual([
      '<img src=x onerror=alert(1)>',
    ])
    expect(scriptableMarkup('<p title="" onclick="x">a</p>')).toHaveLength(1)
    expect(scriptableMarkup('<script>alert(1)</script>')).toEqual(['<script>'])
    expect(scriptableMarkup('<a href="javascript:alert(1)">x</a>')).toHaveLength(1)
    expect(scriptableMarkup('<div style="background:url(x)">')).toHaveLength(1)
  })

  test('escaped text, the page script and its data are no problem', () => {
    expect(
      scriptableMarkup(
        '<meta charset="utf-8"><link rel="icon" href="data:,"><script src="/assets/dashboard.js" defer></script><p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;</p><script type="application/json" id="page-data">{}</script>',
      ),
    ).toEqual([])
  })
})
