import { describe, expect, test } from 'vitest'
import { compileTestPattern } from './TestPattern.js'

function matchesTestPattern(pattern: string, id: string): boolean {
  return compileTestPattern(pattern).test(id)
}

const l1Blocks = 'base/liveness.accept.ts > liveness > L1 produces blocks'
const topLevel = 'base/liveness.accept.ts > answers at all'
const nested = 'bridge/deposits/eth.accept.ts > deposits > ETH > L1/L2 round trip'
const atRoot = 'transfers.accept.ts > value transfers > L2 includes a transfer'

describe('compileTestPattern: what a pattern matches', () => {
  test('an exact test id matches only that test', () => {
    expect(matchesTestPattern(l1Blocks, l1Blocks)).toBe(true)
    expect(matchesTestPattern(l1Blocks, `${l1Blocks}!`)).toBe(false)
    expect(matchesTestPattern(l1Blocks, l1Blocks.replace('L1', 'L2'))).toBe(false)
  })

  test('a file selects every test in it, at any describe depth', () => {
    expect(matchesTestPattern('base/liveness.accept.ts', l1Blocks)).toBe(true)
    expect(matchesTestPattern('base/liveness.accept.ts', topLevel)).toBe(true)
    expect(matchesTestPattern('base/liveness.accept.ts', 'base/liveness.accept.tsx > t')).toBe(
      false,
    )
  })

  test('a describe block selects every test in it', () => {
    expect(matchesTestPattern('base/liveness.accept.ts > liveness', l1Blocks)).toBe(true)
    expect(matchesTestPattern('base/liveness.accept.ts > live', l1Blocks)).toBe(false)
  })

  test('`file > *` selects every test of the file', () => {
    expect(matchesTestPattern('base/liveness.accept.ts > *', l1Blocks)).toBe(true)
    expect(matchesTestPattern('base/liveness.accept.ts > *', topLevel)).toBe(true)
    expect(matchesTestPattern('base/liveness.accept.ts > *', 'base/other.accept.ts > t')).toBe(
      false,
    )
  })

  test('`folder/**` selects every test under the folder, at any depth', () => {
    expect(matchesTestPattern('base/**', l1Blocks)).toBe(true)
    expect(matchesTestPattern('bridge/**', nested)).toBe(true)
    expect(matchesTestPattern('base/**', nested)).toBe(false)
    expect(matchesTestPattern('base/**', 'based/x.accept.ts > t')).toBe(false)
  })

  test('`*` in the file part stays within one path segment', () => {
    expect(matchesTestPattern('base/*.accept.ts', l1Blocks)).toBe(true)
    expect(matchesTestPattern('*/eth.accept.ts', nested)).toBe(false)
    expect(matchesTestPattern('*/*/eth.accept.ts', nested)).toBe(true)
  })

  test('`**/` matches no folder as well as many', () => {
    expect(matchesTestPattern('**/transfers.accept.ts', atRoot)).toBe(true)
    expect(matchesTestPattern('**/eth.accept.ts', nested)).toBe(true)
    expect(matchesTestPattern('**/liveness.accept.ts', nested)).toBe(false)
  })

  test('`*` in the title part stays within one title, and titles may contain `/`', () => {
    expect(matchesTestPattern('** > * > L1 produces blocks', l1Blocks)).toBe(true)
    expect(matchesTestPattern('** > deposits > * > L1/L2 round trip', nested)).toBe(true)
    expect(matchesTestPattern('** > deposits > L1/L2 round trip', nested)).toBe(false)
    expect(matchesTestPattern('** > * produces blocks', l1Blocks)).toBe(true)
  })

  test('`** > ` matches any number of describe blocks, none included', () => {
    expect(matchesTestPattern('** > L1/L2 round trip', nested)).toBe(true)
    expect(matchesTestPattern('base/liveness.accept.ts > ** > answers at all', topLevel)).toBe(true)
  })

  test('`?` matches one character', () => {
    expect(
      matchesTestPattern('base/liveness.accept.ts > liveness > L? produces blocks', l1Blocks),
    ).toBe(true)
    expect(
      matchesTestPattern('base/liveness.accept.ts > liveness > L?? produces blocks', l1Blocks),
    ).toBe(false)
    expect(matchesTestPattern('base?liveness.accept.ts', l1Blocks)).toBe(false)
  })

  test('regular expression characters are literal', () => {
    const id = 'misc/odd (1).accept.ts > costs $5 + tax [x] > a.b|c'
    expect(matchesTestPattern(id, id)).toBe(true)
    expect(matchesTestPattern('misc/odd (1).accept.ts > costs $5 + tax [x] > aXb|c', id)).toBe(
      false,
    )
    expect(matchesTestPattern('misc/odd (1)xaccept.ts', id)).toBe(false)
  })
})

describe('compileTestPattern', () => {
  test('compiles once to a reusable regular expression', () => {
    const pattern = compileTestPattern('base/**')
    expect([l1Blocks, nested, topLevel].map((id) => pattern.test(id))).toEqual([true, false, true])
  })
})
