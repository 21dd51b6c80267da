import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { TestStatus } from '../core/index.js'
import { isFindingStatus } from '../gates/Classification.js'
import { statusLabel } from './Labels.js'

/**
 * The stylesheet and script that report.html inlines (reports/assets), and the
 * Content-Security-Policy that lets exactly these two blocks style and run.
 */

// tsc does not copy the assets into dist/, so they are read from the package
// root: one folder up from reports/ in the sources, two up from dist/reports/.
const fromSources = import.meta.url.endsWith('.ts')
const packageRoot = new URL(fromSources ? '../' : '../../', import.meta.url)
const assetsFolder = new URL('reports/assets/', packageRoot)

/** The placeholders in report.js, and what the page gets in their place. */
const scriptValues: Readonly<Record<string, string>> = {
  __STATUS_TEXT__: JSON.stringify(statusLabel),
  __FAILING_STATUSES__: JSON.stringify(TestStatus.options.filter(isFindingStatus)),
}

/** What report.html inlines in its head and at the end of its body. */
export interface HtmlAssets {
  /** Content of the `<style>` block. */
  style: string
  /** Content of the page's `<script>` block: it only reads the JSON block and builds nodes with `textContent`. */
  script: string
  /** The policy of the page: no source but these two blocks may style or run; nothing may be fetched. */
  contentSecurityPolicy: string
}

let loaded: HtmlAssets | undefined

/** The assets of report.html, read from disk on first use and kept. */
export function htmlAssets(): HtmlAssets {
  loaded ??= loadHtmlAssets()
  return loaded
}

function loadHtmlAssets(): HtmlAssets {
  // Each block starts on a line of its own after its tag; the hashes cover that line break.
  const style = `\n${readAsset('report.css')}`
  const script = `\n${fillPlaceholders(readAsset('report.js'))}`
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  return { style, script, contentSecurityPolicy }
}

function readAsset(name: string): string {
  return readFileSync(new URL(name, assetsFolder), 'utf8')
}

function fillPlaceholders(source: string): string {
  let script = source
  for (const [placeholder, value] of Object.entries(scriptValues)) {
    if (!script.includes(placeholder)) {
      throw new Error(`reports/assets/report.js has no ${placeholder} for HtmlAssets.ts to fill`)
    }
    script = script.replaceAll(placeholder, () => value)
  }
  return script
}

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}
