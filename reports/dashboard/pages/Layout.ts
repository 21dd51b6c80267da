import { jsonForScript } from '../../Html.js'
import { type HtmlValue, html, type SafeHtml, trustedHtml } from './SafeHtml.js'

/**
 * The frame of every dashboard page: navigation, the stylesheet and the one
 * page script (both served by the dashboard itself, as the CSP requires), and
 * the page's data for the script as a JSON block that no HTML parser reads.
 */

/** What a page puts in the frame. */
export interface PageContent {
  title: string
  /** Which part of the page script runs (`data-page`), e.g. `live`; none for pages without script. */
  page?: string
  body: HtmlValue
  /** Data for the page script, embedded as JSON. Default: none. */
  data?: unknown
}

const navigation: readonly (readonly [href: string, label: string])[] = [
  ['/', 'Runs'],
  ['/live', 'Live'],
  ['/trends', 'Trends'],
  ['/flaky', 'Flaky tests'],
  ['/releases', 'Release train'],
]

/** A whole page. */
export function layout(content: PageContent): SafeHtml {
  const data =
    content.data === undefined
      ? undefined
      : // jsonForScript escapes `<`, `>` and `&`, so the block cannot be ended from inside.
        html`<script type="application/json" id="page-data">${trustedHtml(jsonForScript(content.data))}</script>`
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${content.title} · signalbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/dashboard.js" defer></script>
</head>
<body data-page="${content.page ?? ''}">
<nav class="top"><a class="home" href="/">signalbox</a>${navigation.map(([href, label]) => html`<a href="${href}">${label}</a>`)}</nav>
<main>
${content.body}
</main>
${data}
</body>
</html>
`
}
