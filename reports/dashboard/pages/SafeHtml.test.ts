import { describe, expect, test } from 'vitest'
import { html, htmlText } from './SafeHtml.js'

describe('html', () => {
  test('escapes every value as text, in content and in quoted attributes', () => {
    const name = '<script>alert(1)</script>'
    const attribute = '"><img src=x onerror=alert(1)>'
    expect(htmlText(html`<p title="${attribute}">${name}</p>`)).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    )
  })

  test('inserts fragments as they are, joins lists, leaves out nothing-values', () => {
    const items = ['a&b', 'c']
    expect(
      htmlText(
        html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>${undefined}${null}${false}${0}`,
      ),
    ).toBe('<ul><li>a&amp;b</li><li>c</li></ul>0')
  })

  test('a string that looks like a fragment is still text', () => {
    const forged = { text: '<b>x</b>' } as unknown as string
    expect(htmlText(html`${forged}`)).not.toContain('<b>')
  })
})
