import { resolveGate } from './Gate.js'
import type { GateDefinition, GatesFile, TestSelector } from './GatesFile.js'

/** An entry of a gates file that does not do what it seems to: it selects nothing the gate would not select without it. */
export interface SelectionWarning {
  /** The gate whose definition holds the entry. */
  gate: string
  /** Path of the entry in the gates file, e.g. `gates.bridge-rc.include.features[0]`. */
  source: string
  message: string
}

/**
 * The `include` entries of a gate and its ancestors that change nothing,
 * because of how inheritance merges selections:
 *
 * - an entry an ancestor's `include` already names: a child's `include` adds
 *   to its parent's, so it neither adds a test nor narrows the parent;
 * - an entry the gate's own or an ancestor's `exclude` names: exclude wins,
 *   so it takes in nothing. (A descendant excluding what an ancestor includes
 *   is how a child narrows, and is not reported.)
 *
 * Entries are compared as written (a feature, a test pattern): a pattern that
 * an included feature happens to cover is not known without the tests.
 *
 * @param file The parsed gates file.
 * @param name The gate; its ancestors' entries are reported too, since they shape its selection.
 * @param fileName How messages name the file. Default: `gates.yaml`.
 * @returns In lineage order, farthest ancestor first; empty when every entry counts.
 * @throws {GateConfigError} as `resolveGate` does.
 */
export function surprisingSelections(
  file: GatesFile,
  name: string,
  fileName = 'gates.yaml',
): SelectionWarning[] {
  const fromRoot = resolveGate(file, name, { fileName })
    .lineage.map((gate) => ({ name: gate, definition: file.gates[gate] as GateDefinition }))
    .reverse()
  return fromRoot.flatMap(({ name: gate, definition }, index) => {
    if (!definition.include) return []
    const above = fromRoot.slice(0, index)
    const includedAbove = namedEntries(above, 'include')
    const excluded = namedEntries([...above, { name: gate, definition }], 'exclude')
    return entriesOf(definition.include).flatMap((entry) => {
      const source = `gates.${gate}.include.${entry.list}[${entry.index}]`
      const what = `${fileName}: ${source} ${quoteEntry(entry)}`
      const parentHas = includedAbove.find((other) => sameEntry(other, entry))
      if (parentHas) {
        return [
          {
            gate,
            source,
            message: `${what} adds nothing: ${parentHas.source} already takes it in, and a child's include only adds to its parent's (it cannot narrow it; use exclude)`,
          },
        ]
      }
      const excludedBy = excluded.find((other) => sameEntry(other, entry))
      if (excludedBy) {
        return [
          {
            gate,
            source,
            message: `${what} takes in nothing: ${excludedBy.source} leaves it out, and exclude wins over include`,
          },
        ]
      }
      return []
    })
  })
}

interface SelectorEntry {
  list: 'features' | 'tests'
  index: number
  value: string
}

interface NamedEntry extends SelectorEntry {
  source: string
}

function entriesOf(selector: TestSelector): SelectorEntry[] {
  return (['features', 'tests'] as const).flatMap((list) =>
    (selector[list] ?? []).map((value, index) => ({ list, index, value })),
  )
}

function namedEntries(
  gates: readonly { name: string; definition: GateDefinition }[],
  key: 'include' | 'exclude',
): NamedEntry[] {
  return gates.flatMap(({ name, definition }) => {
    const selector = definition[key]
    if (!selector) return []
    return entriesOf(selector).map((entry) => ({
      ...entry,
      source: `gates.${name}.${key}.${entry.list}[${entry.index}]`,
    }))
  })
}

function sameEntry(a: SelectorEntry, b: SelectorEntry): boolean {
  return a.list === b.list && a.value === b.value
}

function quoteEntry(entry: SelectorEntry): string {
  return `(${entry.list === 'features' ? 'feature' : 'test pattern'} "${entry.value}")`
}
