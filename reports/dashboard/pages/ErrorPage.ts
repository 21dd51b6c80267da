import { layout } from './Layout.js'
import { html } from './SafeHtml.js'

/** The page of a refused request: its status and what was wrong (never anything internal). */
export function errorPage(statusCode: number, message: string) {
  return layout({
    title: `${statusCode}`,
    body: html`<h1>${statusCode}</h1><p class="error-message">${message}</p><p><a href="/">All runs</a></p>`,
  })
}
