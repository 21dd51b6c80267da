import { escapeHtml } from '../../Html.js'

/**
 * HTML built so that untrusted text cannot become markup: the `html` tag
 * escapes every value it is given, except fragments that are themselves
 * built with `html`. Test names, errors, owners, anything from a run or a
 * request goes in as a plain value and comes out as text.
 */

const fragment = Symbol('SafeHtml')

/** Markup made by `html` (or {@link trustedHtml}): inserted as it is. */
export interface SafeHtml {
  readonly [fragment]: true
  readonly text: string
}

function safe(text: string): SafeHtml {
  return { [fragment]: true, text }
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && fragment in value
}

/** What may be put in an `html` template: text, numbers, fragments, lists of them, or nothing. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly HtmlValue[]

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (ESC included) need the full escape
const needsEscaping = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** Text as markup: most text has nothing to escape, and is returned as it is. */
function escapeText(text: string): string {
  return needsEscaping.test(text) ? escapeHtml(text) : text
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return ''
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return escapeText(value)
  if (isSafeHtml(value)) return value.text
  if (Array.isArray(value)) return value.map(render).join('')
  // Only reachable past the types: anything else is text too.
  return escapeText(String(value))
}

/**
 * A template of markup: literal parts as written, values escaped (strings),
 * inserted (fragments), joined (lists) or left out (`undefined`, `null`,
 * booleans, so `${cond && html`…`}` works). Attribute values must be quoted.
 */
export function html(parts: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let text = parts[0] ?? ''
  for (let index = 0; index < values.length; index++) {
    text += render(values[index]) + (parts[index + 1] ?? '')
  }
  return safe(text)
}

/**
 * Markup from a source that is not a request or a run: only for constant
 * markup this module's callers write themselves (an SVG chart they built).
 */
export function trustedHtml(text: string): SafeHtml {
  return safe(text)
}

/** The markup of a fragment, for the reply. */
export function htmlText(value: SafeHtml): string {
  return value.text
}
