import { type CST, Parser } from 'yaml'

/**
 * The deepest nesting of mappings and sequences signalbox parses in a YAML
 * (or JSON) input: far more than any gates, readiness, results or definition
 * file needs, far less than what overflows the YAML parser's stack (about
 * 800 levels). An overflow there is worse than an error: it leaves V8 unable
 * to compile regular expressions, and the next file parsed kills the process.
 */
export const maxYamlNesting = 256

/**
 * How deeply the mappings and sequences of a YAML text nest, told by the YAML
 * library's syntax-tree parser, which keeps its own stack and so survives any
 * depth: check it before `parseDocument`, which recurses once per level.
 */
export function yamlNestingOf(text: string): number {
  let deepest = 0
  const pending: Array<[CST.Token | undefined, number]> = []
  for (const token of new Parser().parse(text)) pending.push([token, 0])
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [token, depth] = next
    if (token === undefined) continue
    if ('items' in token && Array.isArray(token.items)) {
      deepest = Math.max(deepest, depth + 1)
      for (const item of token.items as CST.CollectionItem[])
        pending.push([item.key ?? undefined, depth + 1], [item.value, depth + 1])
    } else if ('value' in token && typeof token.value === 'object') {
      pending.push([token.value ?? undefined, depth])
    }
  }
  return deepest
}
