import { describe, expect, test } from 'vitest'
import { lineChart } from './LineChart.js'
import { htmlText } from './SafeHtml.js'

describe('lineChart', () => {
  test('draws one line per series with a titled point per value; a missing value breaks the line', () => {
    const svg = htmlText(
      lineChart({
        title: 'Pass rate',
        labels: ['r1', 'r2', 'r3', 'r4'],
        yMax: 1,
        formatY: (value) => `${value * 100}%`,
        series: [{ label: 'pass rate', className: 'series-pass', values: [0.5, 1, null, 1] }],
      }),
    )
    // r1–r2 is a line; r4 alone is a point only.
    expect(svg.match(/<polyline /g)).toHaveLength(1)
    expect(svg.match(/<circle /g)).toHaveLength(3)
    expect(svg).toContain('<title>r2: pass rate 100%</title>')
    expect(svg).not.toContain('style=')
  })

  test('labels are text', () => {
    const svg = htmlText(
      lineChart({
        title: '<b>t</b>',
        labels: ['<script>alert(1)</script>'],
        formatY: String,
        series: [{ label: 'x', className: 'series-pass', values: [1] }],
      }),
    )
    expect(svg).not.toContain('<script>')
    expect(svg).not.toContain('<b>')
  })

  test('nothing to chart is said so', () => {
    expect(htmlText(lineChart({ title: 't', labels: [], formatY: String, series: [] }))).toContain(
      'No runs to chart.',
    )
  })
})
