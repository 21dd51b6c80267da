import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { listGates, resolveGate } from './Gate.js'
import { GateConfigError } from './GateError.js'
import { parseGatesFile } from './GatesFile.js'

const minimal = {
  version: 1,
  gates: { pr: { description: 'Quick check', policy: { SEV2: 'allow' } } },
}

function withGate(gate: unknown, extra: Record<string, unknown> = {}): unknown {
  return { version: 1, gates: { betanet: gate }, ...extra }
}

function errorOf(parse: () => unknown): GateConfigError {
  try {
    parse()
  } catch (error) {
    if (error instanceof GateConfigError) return error
    throw error
  }
  throw new Error('expected a GateConfigError')
}

describe('parseGatesFile', () => {
  test('accepts a minimal file and keeps policy fields unset (defaults come with resolution)', () => {
    expect(parseGatesFile(minimal, 'gates.yaml')).toEqual(minimal)
  })

  test('accepts every field of a gate and of a severity rule', () => {
    const full = {
      version: 1,
      severityRules: [{ match: { error: 'ECONNREFUSED' }, severity: 'SEV1' }],
      gates: {
        alphanet: {
          description: 'RRP',
          include: { features: ['base'], tests: ['bridge/**'] },
          exclude: { tests: ['base/slow.accept.ts'] },
          policy: {
            maxOpen: { SEV0: 0, SEV1: 0, SEV2: 3, SEV3: 10 },
            SEV2: 'mitigation-required',
            SEV3: 'document',
            skips: 'allow',
            minTests: 5,
            requiredChecklist: ['fma-started'],
            quarantine: 'exclude',
          },
          severityRules: [
            {
              id: 'deposits',
              description: 'funds at risk',
              match: { features: ['deposits'], tests: ['**'], status: ['failed', 'timedOut'] },
              severity: 'SEV0',
            },
          ],
        },
        betanet: { description: 'stricter', inherits: 'alphanet' },
      },
    }
    expect(parseGatesFile(full, 'gates.yaml')).toEqual(full)
  })

  test('rejects: a SEV2 policy that is not one of the choices, naming file, path and choices', () => {
    const error = errorOf(() =>
      parseGatesFile(withGate({ description: 'x', policy: { SEV2: 'maybe' } }), 'gates.yaml'),
    )
    expect(error.message).toMatchInlineSnapshot(
      `"gates.yaml is not a valid gates file: gates.betanet.policy.SEV2: expected one of "mitigation-required" | "block" | "allow", got "maybe""`,
    )
    expect(error.exitCode).toBe(2)
  })

  test('rejects: a misspelled key (strict objects catch typos)', () => {
    const error = errorOf(() =>
      parseGatesFile(
        withGate({ description: 'x', policy: { maxopen: { SEV0: 0 } } }),
        'gates.yaml',
      ),
    )
    expect(error.message).toMatchInlineSnapshot(
      `"gates.yaml is not a valid gates file: gates.betanet.policy: unknown key "maxopen""`,
    )
  })

  test('rejects: every problem at once, the first in the short message, the rest in details', () => {
    const error = errorOf(() =>
      parseGatesFile(
        {
          version: 2,
          gates: { betanet: { policy: { minTests: -1, skips: true } } },
          severityRules: [{ match: {}, severity: 'SEV5' }],
        },
        'ci/gates.yaml',
      ),
    )
    expect(error.shortMessage).toMatchInlineSnapshot(
      `"ci/gates.yaml is not a valid gates file: version: expected 1, got 2"`,
    )
    expect(error.details).toMatchInlineSnapshot(`
      "Also:
        - gates.betanet.description: missing: expected a string
        - gates.betanet.policy.skips: expected one of "fail" | "allow", got true
        - gates.betanet.policy.minTests: expected a number >= 0, got -1
        - severityRules[0].match: expected at least one of features, tests, status, error
        - severityRules[0].severity: expected one of "SEV0" | "SEV1" | "SEV2" | "SEV3", got "SEV5""
    `)
    expect(error.hint).toBe('Fix ci/gates.yaml at the paths shown.')
  })

  test('rejects: a severity rule on a status that never makes a finding', () => {
    const error = errorOf(() =>
      parseGatesFile(
        withGate(
          { description: 'x' },
          { severityRules: [{ match: { status: ['skipped'] }, severity: 'SEV3' }] },
        ),
        'gates.yaml',
      ),
    )
    expect(error.shortMessage).toMatchInlineSnapshot(
      `"gates.yaml is not a valid gates file: severityRules[0].match.status[0]: expected one of "failed" | "errored" | "timedOut", got "skipped""`,
    )
  })

  test('rejects: an error pattern that is not a regular expression', () => {
    const error = errorOf(() =>
      parseGatesFile(
        withGate({
          description: 'x',
          severityRules: [{ match: { error: 'revert(' }, severity: 'SEV2' }],
        }),
        'gates.yaml',
      ),
    )
    expect(error.shortMessage).toMatchInlineSnapshot(
      `"gates.yaml is not a valid gates file: gates.betanet.severityRules[0].match.error: expected a valid regular expression, got "revert(""`,
    )
  })

  test('rejects: empty selectors, fractional counts, wrong types, odd gate names', () => {
    const error = errorOf(() =>
      parseGatesFile(
        {
          version: 1,
          gates: {
            'beta net': { description: 'x' },
            ok: {
              description: 'x',
              include: {},
              exclude: { features: [] },
              policy: { minTests: 1.5, requiredChecklist: 'fma-started', maxOpen: { SEV1: '0' } },
            },
          },
        },
        'gates.yaml',
      ),
    )
    expect(error.message).toMatchInlineSnapshot(`
      "gates.yaml is not a valid gates file: gates["beta net"]: invalid name "beta net": expected letters, digits, "-" and "_" only

      Also:
        - gates.ok.include: expected at least one of features, tests
        - gates.ok.exclude.features: expected at least one entry
        - gates.ok.policy.maxOpen.SEV1: expected a number, got "0"
        - gates.ok.policy.minTests: expected a whole number, got 1.5
        - gates.ok.policy.requiredChecklist: expected a list, got "fma-started""
    `)
  })

  test('rejects: a file without gates, or that is not a mapping at all', () => {
    expect(errorOf(() => parseGatesFile({ version: 1, gates: {} }, 'g.yaml')).shortMessage).toBe(
      'g.yaml is not a valid gates file: gates: expected at least one gate',
    )
    expect(errorOf(() => parseGatesFile(null, 'g.yaml')).shortMessage).toBe(
      'g.yaml is not a valid gates file: (top level): expected a mapping, got null',
    )
  })
})

describe('the shipped gates.yaml', () => {
  const file = parseGatesFile(
    parse(readFileSync(new URL('./gates.yaml', import.meta.url), 'utf8')),
    'gates.yaml',
  )

  test('defines pr, alphanet, betanet and testnet, each with a description', () => {
    expect(listGates(file).map(({ name }) => name)).toEqual([
      'pr',
      'alphanet',
      'betanet',
      'testnet',
    ])
    for (const gate of listGates(file)) expect(gate.description.length).toBeGreaterThan(40)
  })

  test('resolves every gate', () => {
    for (const { name } of listGates(file)) expect(resolveGate(file, name).name).toBe(name)
  })

  test('alphanet follows the RRP: no SEV0/SEV1, SEV2 needs mitigation, FMA started', () => {
    const { policy } = resolveGate(file, 'alphanet')
    expect(policy.maxOpen).toEqual({ SEV0: 0, SEV1: 0, SEV2: null, SEV3: null })
    expect(policy.SEV2).toBe('mitigation-required')
    expect(policy.SEV3).toBe('document')
    expect(policy.minTests).toBeGreaterThanOrEqual(1)
    expect(policy.requiredChecklist).toContain('fma-started')
  })

  test('each later gate is at least as strict as the one before', () => {
    const [alphanet, betanet, testnet] = ['alphanet', 'betanet', 'testnet'].map((name) =>
      resolveGate(file, name),
    )
    expect(betanet?.policy).toMatchObject({ SEV2: 'block', skips: 'fail', quarantine: 'report' })
    expect(betanet?.policy.requiredChecklist).toEqual(
      expect.arrayContaining([
        ...(alphanet?.policy.requiredChecklist ?? []),
        'audit-done',
        'runbooks',
      ]),
    )
    expect(testnet?.policy).toMatchObject({ SEV2: 'block', skips: 'fail', quarantine: 'report' })
    expect(testnet?.policy.requiredChecklist).toEqual(
      expect.arrayContaining([
        ...(betanet?.policy.requiredChecklist ?? []),
        'betanet-passed',
        'monitoring',
      ]),
    )
    expect(testnet?.policy.minTests).toBeGreaterThanOrEqual(betanet?.policy.minTests ?? Infinity)
  })

  test('pr is quick and lenient: every suite, SEV2 and skips allowed', () => {
    const pr = resolveGate(file, 'pr')
    expect(pr.include).toBeNull()
    expect(pr.policy).toMatchObject({
      SEV2: 'allow',
      skips: 'allow',
      maxOpen: { SEV0: 0, SEV1: 0 },
    })
  })
})
