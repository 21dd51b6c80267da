import type { ResolvedGate, ResolvedSelector } from './Gate.js'
import { compileTestPattern } from './TestPattern.js'

/** What selection needs to know of a test. Its file is part of its id. */
export interface TestRef {
  /** `<file relative to the suites root> > <describe> > <test name>`. */
  id: string
  feature: string
}

/** A test the gate leaves out, and why. */
export interface ExcludedTest<Test extends TestRef> {
  test: Test
  reason: string
}

/** The tests a gate judges and the ones it leaves out. */
export interface Selection<Test extends TestRef> {
  /** In the order given. */
  selected: Test[]
  /** In the order given. */
  excluded: ExcludedTest<Test>[]
}

/**
 * Splits tests into those the gate judges and those it leaves out. A test is
 * taken in when the gate has no `include`, or its feature is an included
 * feature, or its id matches an included test pattern; it is then left out
 * again when its feature is an excluded feature or its id matches an excluded
 * pattern (exclude wins).
 */
export function selectTests<Test extends TestRef>(
  gate: Pick<ResolvedGate, 'include' | 'exclude'>,
  tests: readonly Test[],
): Selection<Test> {
  const include = gate.include && compileSelector(gate.include)
  const exclude = compileSelector(gate.exclude)
  const selection: Selection<Test> = { selected: [], excluded: [] }
  for (const test of tests) {
    const reason = whyLeftOut(test, include, exclude)
    if (reason === undefined) selection.selected.push(test)
    else selection.excluded.push({ test, reason })
  }
  return selection
}

interface CompiledSelector {
  features: ReadonlySet<string>
  patterns: { pattern: string; regex: RegExp }[]
  /** The selector as a person wrote it, for reasons. */
  text: string
}

function compileSelector(selector: ResolvedSelector): CompiledSelector {
  return {
    features: new Set(selector.features),
    patterns: selector.tests.map((pattern) => ({ pattern, regex: compileTestPattern(pattern) })),
    text: describeSelector(selector),
  }
}

function whyLeftOut(
  test: TestRef,
  include: CompiledSelector | null,
  exclude: CompiledSelector,
): string | undefined {
  if (include && !include.features.has(test.feature) && !matchingPattern(include, test.id)) {
    return `not included (include: ${include.text})`
  }
  if (exclude.features.has(test.feature)) return `excluded by feature "${test.feature}"`
  const pattern = matchingPattern(exclude, test.id)
  if (pattern !== undefined) return `excluded by test pattern "${pattern}"`
  return undefined
}

function matchingPattern(selector: CompiledSelector, id: string): string | undefined {
  return selector.patterns.find(({ regex }) => regex.test(id))?.pattern
}

function describeSelector(selector: ResolvedSelector): string {
  const parts = [
    selector.features.length > 0 && `features ${selector.features.join(', ')}`,
    selector.tests.length > 0 && `tests ${selector.tests.map((test) => `"${test}"`).join(', ')}`,
  ]
  return parts.filter(Boolean).join('; ')
}
