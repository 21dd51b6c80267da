import { html, type SafeHtml } from './SafeHtml.js'

/** The fields of the pages' filter forms: plain GET forms that work without script. */

/** A choice of a `<select>`: its value and what it reads. */
export type Choice = readonly [value: string, label: string]

/** Choices whose value is their label. */
export function choicesOf(values: Iterable<string>): Choice[] {
  return [...new Set(values)].sort().map((value) => [value, value] as const)
}

/** A labelled `<select>` of `choices` with `selected` chosen. */
export function selectField(
  name: string,
  label: string,
  choices: readonly Choice[],
  selected: string | undefined,
): SafeHtml {
  return html`<label>${label} <select name="${name}">${choices.map(
    ([value, text]) =>
      html`<option value="${value}"${value === (selected ?? '') && html` selected`}>${text}</option>`,
  )}</select></label>`
}

/** A labelled text input. */
export function textField(name: string, label: string, value: string | undefined): SafeHtml {
  return html`<label>${label} <input name="${name}" value="${value ?? ''}" size="14"></label>`
}
