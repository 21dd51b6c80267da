import { describe, expect, test } from 'vitest'
import { GateConfigError, GateInheritanceError, UnknownGateError } from './GateError.js'

describe('GateConfigError', () => {
  test('carries a short message, details, hint and exit code 2 (the run could not decide)', () => {
    const error = new GateConfigError('gates.yaml is not a valid gates file', {
      details: 'gates.pr.policy.SEV2: expected …',
      hint: 'Fix gates.yaml.',
    })
    expect(error).toMatchObject({
      name: 'GateConfigError',
      shortMessage: 'gates.yaml is not a valid gates file',
      details: 'gates.pr.policy.SEV2: expected …',
      hint: 'Fix gates.yaml.',
      exitCode: 2,
    })
    expect(error.message).toBe(
      'gates.yaml is not a valid gates file\n\ngates.pr.policy.SEV2: expected …',
    )
  })

  test('without details, the message is the short message', () => {
    const error = new GateConfigError('Unknown gate "x"')
    expect(error.message).toBe('Unknown gate "x"')
    expect(error.details).toBeUndefined()
    expect(error.hint).toBeUndefined()
  })

  test('each condition is a subclass, so callers can catch all of them as GateConfigError', () => {
    expect(new UnknownGateError('x')).toBeInstanceOf(GateConfigError)
    expect(new UnknownGateError('x').name).toBe('UnknownGateError')
    expect(new GateInheritanceError('x')).toBeInstanceOf(GateConfigError)
    expect(new GateInheritanceError('x').name).toBe('GateInheritanceError')
  })
})
