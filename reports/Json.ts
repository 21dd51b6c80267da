import type { Results } from '../core/index.js'

/**
 * Renders results.json: the results as they are (the versioned contract, with
 * `schemaVersion`), indented for diffs and people, with a final newline.
 *
 * @param results The results of one run.
 */
export function renderJson(results: Results): string {
  return `${JSON.stringify(results, null, 2)}\n`
}
