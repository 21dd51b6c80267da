import { describe, expect, test } from 'vitest'
import { GateConfigError } from './GateError.js'
import { parseReadinessFile } from './Readiness.js'

function errorOf(parse: () => unknown): GateConfigError {
  try {
    parse()
  } catch (error) {
    if (error instanceof GateConfigError) return error
    throw error
  }
  throw new Error('expected a GateConfigError')
}

const complete = {
  version: 1,
  release: 'v1.4.0-rc.2',
  checklist: [
    { id: 'fma-started', title: 'FMA started', done: true, links: ['https://example.org/fma'] },
    { id: 'runbooks', title: 'Runbooks written', done: false },
  ],
  findings: [
    {
      id: 'EXP-12',
      title: 'Gas estimation off by 2x under load',
      severity: 'SEV2',
      owner: 'execution',
      link: 'https://example.org/issues/12',
      status: 'open',
    },
  ],
  triage: [
    {
      test: 'base/transfers.accept.ts > **',
      severity: 'SEV3',
      reason: 'known RPC flake on the shared devnet',
      by: 'alice',
    },
  ],
  mitigations: [
    {
      finding: 'EXP-12',
      plan: 'Cap estimates at the block gas limit',
      owner: 'bob',
      expires: '2025-07-01',
      link: 'https://example.org/pr/99',
    },
  ],
  quarantine: [
    { test: 'load/** > *', reason: 'flaky on shared CI runners', by: 'dave', until: '2025-07-01' },
  ],
  signoff: { by: 'carol', at: '2025-06-20', decision: 'promote', notes: 'ok' },
}

describe('parseReadinessFile', () => {
  test('accepts a complete file as written', () => {
    expect(parseReadinessFile(complete, 'readiness.yaml')).toEqual(complete)
  })

  test('lists default to empty: a new release candidate starts with only its name', () => {
    expect(parseReadinessFile({ version: 1, release: 'v1.5.0-rc.1' }, 'readiness.yaml')).toEqual({
      version: 1,
      release: 'v1.5.0-rc.1',
      checklist: [],
      findings: [],
      triage: [],
      mitigations: [],
      quarantine: [],
    })
  })

  test('rejects: an expiry that is not a YYYY-MM-DD date, or not a real one', () => {
    const error = errorOf(() =>
      parseReadinessFile(
        {
          ...complete,
          mitigations: [
            { finding: 'a', plan: 'p', owner: 'o', expires: '1 July' },
            { finding: 'b', plan: 'p', owner: 'o', expires: '2025-02-30' },
          ],
        },
        'readiness/v1.4.0.yaml',
      ),
    )
    expect(error.message).toMatchInlineSnapshot(`
      "readiness/v1.4.0.yaml is not a valid readiness file: mitigations[0].expires: expected a date as YYYY-MM-DD, got "1 July"

      Also:
        - mitigations[1].expires: expected a date as YYYY-MM-DD, got "2025-02-30""
    `)
  })

  test('rejects: a finding status or severity outside the choices, and a missing done', () => {
    const error = errorOf(() =>
      parseReadinessFile(
        {
          version: 1,
          release: 'r',
          checklist: [{ id: 'fma-started', title: 'FMA' }],
          findings: [{ id: 'X', title: 't', severity: 'high', status: 'wontfix' }],
        },
        'readiness.yaml',
      ),
    )
    expect(error.message).toMatchInlineSnapshot(`
      "readiness.yaml is not a valid readiness file: checklist[0].done: missing: expected true or false

      Also:
        - findings[0].severity: expected one of "SEV0" | "SEV1" | "SEV2" | "SEV3", got "high"
        - findings[0].status: expected one of "open" | "resolved", got "wontfix""
    `)
  })

  test('rejects: two checklist items or findings with one id', () => {
    const item = { id: 'runbooks', title: 'Runbooks', done: true }
    const error = errorOf(() =>
      parseReadinessFile({ version: 1, release: 'r', checklist: [item, item] }, 'readiness.yaml'),
    )
    expect(error.shortMessage).toMatchInlineSnapshot(
      `"readiness.yaml is not a valid readiness file: checklist: expected unique ids, but "runbooks" appear more than once"`,
    )
  })

  test('rejects: a typo in a key, a triage without who decided', () => {
    const error = errorOf(() =>
      parseReadinessFile(
        {
          version: 1,
          release: 'r',
          triage: [{ test: 't', severity: 'SEV3', reason: 'flaky' }],
          signof: { by: 'carol', at: 'today' },
        },
        'readiness.yaml',
      ),
    )
    expect(error.message).toMatchInlineSnapshot(`
      "readiness.yaml is not a valid readiness file: triage[0].by: missing: expected a string

      Also:
        - (top level): unknown key "signof""
    `)
  })
})
