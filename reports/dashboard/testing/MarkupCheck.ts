/**
 * What in a page could run script: every tag and attribute, found by
 * reading the markup the way a browser tokenizes it. Pages escape `<` in
 * text, so each `<` that opens a tag is markup the dashboard wrote; and
 * attribute values are double-quoted with `"` escaped, so attribute names are
 * where they seem. Used by the tests that feed hostile text into every page.
 */

// Attribute values may be unquoted in what an attacker writes: the patterns take every form.
const tagPattern = /<([a-zA-Z][\w-]*)([^>]*)>/g
const attributePattern = /[\s/]+([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g
/** The only scripts a page may have: the dashboard's own file and its JSON data. */
const allowedScripts = new Set([
  ' src="/assets/dashboard.js" defer',
  ' type="application/json" id="page-data"',
])

/** The tags and attributes of `page` that could run script; empty for a safe page. */
export function scriptableMarkup(page: string): string[] {
  const problems = new Set<string>()
  for (const [tag, name = '', attributes = ''] of page.matchAll(tagPattern)) {
    const element = name.toLowerCase()
    if (element === 'script' && !allowedScripts.has(attributes)) problems.add(tag)
    if (
      ['img', 'iframe', 'object', 'embed', 'base', 'meta'].includes(element) &&
      !/^<meta (charset|name)=/.test(tag)
    ) {
      problems.add(tag)
    }
    for (const [, attribute = '', double, single, bare] of attributes.matchAll(attributePattern)) {
      const value = double ?? single ?? bare ?? ''
      const lowered = attribute.toLowerCase()
      if (lowered.startsWith('on') || lowered === 'style' || lowered === 'srcdoc') problems.add(tag)
      if (
        ['href', 'src', 'action', 'formaction'].includes(lowered) &&
        /^\s*(javascript|data|vbscript):/i.test(value)
      ) {
        if (!(lowered === 'href' && value === 'data:,')) problems.add(tag)
      }
    }
  }
  return [...problems]
}
