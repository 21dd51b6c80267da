import { describe, expect, test } from 'vitest'
import { defaultPolicy, listGates, resolveGate } from './Gate.js'
import { GateConfigError, GateInheritanceError, UnknownGateError } from './GateError.js'
import { type GatesFile, parseGatesFile } from './GatesFile.js'

function gatesFile(data: unknown): GatesFile {
  return parseGatesFile(data, 'gates.yaml')
}

function errorOf(resolve: () => unknown): GateConfigError {
  try {
    resolve()
  } catch (error) {
    if (error instanceof GateConfigError) return error
    throw error
  }
  throw new Error('expected a GateConfigError')
}

const releaseTrain = gatesFile({
  version: 1,
  severityRules: [
    { id: 'global-timeouts', match: { status: ['timedOut'] }, severity: 'SEV1' },
    { match: { features: ['deposits'] }, severity: 'SEV0' },
  ],
  gates: {
    alphanet: {
      description: 'alphanet',
      include: { features: ['base'] },
      exclude: { tests: ['base/slow.accept.ts'] },
      policy: {
        maxOpen: { SEV2: 5 },
        minTests: 3,
        requiredChecklist: ['fma-started'],
        quarantine: 'exclude',
      },
      severityRules: [{ id: 'alpha-rule', match: { features: ['base'] }, severity: 'SEV2' }],
    },
    betanet: {
      description: 'betanet',
      inherits: 'alphanet',
      include: { features: ['bridge'], tests: ['extra/**'] },
      exclude: { features: ['experimental'] },
      policy: {
        maxOpen: { SEV1: 0, SEV3: 20 },
        SEV2: 'block',
        skips: 'fail',
        requiredChecklist: ['audit-done', 'fma-started'],
      },
      severityRules: [{ match: { tests: ['bridge/**'] }, severity: 'SEV0' }],
    },
    testnet: {
      description: 'testnet',
      inherits: 'betanet',
      policy: { requiredChecklist: ['monitoring'] },
    },
    standalone: { description: 'no policy at all' },
  },
})

describe('resolveGate', () => {
  test('a gate without policy gets the defaults: zero SEV0/SEV1, SEV2 mitigation-required', () => {
    const gate = resolveGate(releaseTrain, 'standalone')
    expect(gate).toEqual({
      name: 'standalone',
      description: 'no policy at all',
      lineage: ['standalone'],
      include: null,
      exclude: { features: [], tests: [] },
      policy: defaultPolicy,
      severityRules: [
        { rule: releaseTrain.severityRules?.[0], source: 'severityRules[0]' },
        { rule: releaseTrain.severityRules?.[1], source: 'severityRules[1]' },
      ],
    })
    expect(defaultPolicy).toMatchObject({
      maxOpen: { SEV0: 0, SEV1: 0, SEV2: null, SEV3: null },
      SEV2: 'mitigation-required',
      SEV3: 'document',
      skips: 'allow',
      minTests: 1,
      requiredChecklist: [],
      quarantine: 'report',
      strict: false,
    })
  })

  test('inherits: the child overrides the policy fields it sets and keeps the rest', () => {
    const betanet = resolveGate(releaseTrain, 'betanet')
    expect(betanet.lineage).toEqual(['betanet', 'alphanet'])
    expect(betanet.description).toBe('betanet')
    expect(betanet.policy).toEqual({
      maxOpen: { SEV0: 0, SEV1: 0, SEV2: 5, SEV3: 20 },
      SEV2: 'block',
      SEV3: 'document',
      skips: 'fail',
      minTests: 3,
      requiredChecklist: ['fma-started', 'audit-done'],
      quarantine: 'exclude',
      strict: true,
    })
  })

  test('inherits: required checklist items add up over every generation, without repeats', () => {
    expect(resolveGate(releaseTrain, 'testnet').policy.requiredChecklist).toEqual([
      'fma-started',
      'audit-done',
      'monitoring',
    ])
  })

  test('inherits: include and exclude lists extend the parent’s', () => {
    const betanet = resolveGate(releaseTrain, 'betanet')
    expect(betanet.include).toEqual({ features: ['base', 'bridge'], tests: ['extra/**'] })
    expect(betanet.exclude).toEqual({ features: ['experimental'], tests: ['base/slow.accept.ts'] })
    expect(resolveGate(releaseTrain, 'testnet').include).toEqual(betanet.include)
  })

  test('inherits: a child’s own include narrows a parent that takes in every test', () => {
    const file = gatesFile({
      version: 1,
      gates: {
        everything: { description: 'all', exclude: { features: ['load'] } },
        child: { description: 'c', inherits: 'everything', include: { features: ['base'] } },
        grandchild: { description: 'g', inherits: 'child', include: { tests: ['fees/**'] } },
        plain: { description: 'p', inherits: 'everything' },
      },
    })
    expect(resolveGate(file, 'child').include).toEqual({ features: ['base'], tests: [] })
    expect(resolveGate(file, 'grandchild').include).toEqual({
      features: ['base'],
      tests: ['fees/**'],
    })
    expect(resolveGate(file, 'child').exclude).toEqual({ features: ['load'], tests: [] })
    // Nobody on the way down chose: every test.
    expect(resolveGate(file, 'plain').include).toBeNull()
  })

  test('strict: on for betanet, testnet and their heirs unless a gate says otherwise', () => {
    const file = gatesFile({
      version: 1,
      gates: {
        alphanet: { description: 'a' },
        betanet: { description: 'b', inherits: 'alphanet' },
        'bridge-rc': { description: 'r', inherits: 'betanet' },
        relaxed: { description: 'x', inherits: 'betanet', policy: { strict: false } },
        'relaxed-child': { description: 'y', inherits: 'relaxed' },
        careful: { description: 'c', inherits: 'alphanet', policy: { strict: true } },
        testnet: { description: 't' },
      },
    })
    const strict = Object.fromEntries(
      Object.keys(file.gates).map((name) => [name, resolveGate(file, name).policy.strict]),
    )
    expect(strict).toEqual({
      alphanet: false,
      betanet: true,
      'bridge-rc': true,
      relaxed: false,
      'relaxed-child': false,
      careful: true,
      testnet: true,
    })
  })

  test('severity rules: the gate’s own, then its parents’ nearest first, then the global ones', () => {
    const sources = resolveGate(releaseTrain, 'testnet').severityRules.map(({ rule, source }) => ({
      id: rule.id,
      source,
    }))
    expect(sources).toEqual([
      { id: undefined, source: 'gates.betanet.severityRules[0]' },
      { id: 'alpha-rule', source: 'gates.alphanet.severityRules[0]' },
      { id: 'global-timeouts', source: 'severityRules[0]' },
      { id: undefined, source: 'severityRules[1]' },
    ])
  })

  test('an unknown gate is an error that lists the known gates', () => {
    const error = errorOf(() => resolveGate(releaseTrain, 'gammanet'))
    expect(error).toBeInstanceOf(UnknownGateError)
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatchInlineSnapshot(`
      "Unknown gate "gammanet"

      gates.yaml defines: alphanet, betanet, testnet, standalone"
    `)
    expect(error.hint).toMatchInlineSnapshot(
      `"Use one of those, or add a gate "gammanet" to gates.yaml."`,
    )
  })

  test('a name Object.prototype has is still an unknown gate', () => {
    expect(errorOf(() => resolveGate(releaseTrain, 'constructor'))).toBeInstanceOf(UnknownGateError)
  })

  test('an unknown parent is an error naming gates.<child>.inherits', () => {
    const file = gatesFile({
      version: 1,
      gates: {
        alphanet: { description: 'a' },
        betanet: { description: 'b', inherits: 'alfanet' },
        testnet: { description: 't', inherits: 'betanet' },
      },
    })
    const error = errorOf(() => resolveGate(file, 'testnet', { fileName: 'ci/gates.yaml' }))
    expect(error).toBeInstanceOf(GateInheritanceError)
    expect(error.message).toMatchInlineSnapshot(`
      "ci/gates.yaml: gates.betanet.inherits names an unknown gate "alfanet"

      ci/gates.yaml defines: alphanet, betanet, testnet"
    `)
    expect(error.hint).toMatchInlineSnapshot(
      `"Fix gates.betanet.inherits, or add a gate "alfanet"."`,
    )
  })

  test('an inheritance cycle is an error showing the cycle', () => {
    const file = gatesFile({
      version: 1,
      gates: {
        a: { description: 'a', inherits: 'b' },
        b: { description: 'b', inherits: 'a' },
        c: { description: 'c', inherits: 'a' },
        self: { description: 's', inherits: 'self' },
      },
    })
    const error = errorOf(() => resolveGate(file, 'a'))
    expect(error).toBeInstanceOf(GateInheritanceError)
    expect(error.message).toMatchInlineSnapshot(`"gates.yaml: gates inherit in a cycle: a → b → a"`)
    expect(error.hint).toMatchInlineSnapshot(
      `"Remove one of the "inherits" in that cycle: a gate cannot be its own ancestor."`,
    )
    expect(errorOf(() => resolveGate(file, 'c')).message).toMatchInlineSnapshot(
      `"gates.yaml: gates inherit in a cycle: a → b → a"`,
    )
    expect(errorOf(() => resolveGate(file, 'self')).message).toMatchInlineSnapshot(
      `"gates.yaml: gates inherit in a cycle: self → self"`,
    )
  })
})

describe('listGates', () => {
  test('lists every gate in file order, with its parent', () => {
    expect(listGates(releaseTrain)).toEqual([
      { name: 'alphanet', description: 'alphanet' },
      { name: 'betanet', description: 'betanet', inherits: 'alphanet' },
      { name: 'testnet', description: 'testnet', inherits: 'betanet' },
      { name: 'standalone', description: 'no policy at all' },
    ])
  })
})
