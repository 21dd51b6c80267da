import { describe, expect, test } from 'vitest'
import { fixtureIds, fixtureReadiness, fixtureResults } from '../test/fixtures/reports.js'
import { recommendations } from './Recommendations.js'

describe('recommendations', () => {
  test('most urgent first, each with the ids it is about', () => {
    const items = recommendations(fixtureResults(), fixtureReadiness())
    expect(items.map((item) => item.text)).toMatchInlineSnapshot(`
      [
        "Fix 3 SEV0/SEV1 findings before promotion (owners: interop-team); a devnet must have zero catastrophic or critical issues.",
        "Renew or resolve 1 expired mitigation (owners: bridge-team): an expired mitigation does not count.",
        "Investigate 1 failing health check: the devnet may not be operational, and tests on it may fail for that reason.",
        "Complete 1 checklist item that a gate requires.",
        "Complete or waive 1 open checklist item.",
        "Review 2 quarantined tests: quarantine hides regressions from the gate.",
        "Stabilise 1 flaky test (passed only on a retry).",
        "Track 1 SEV3 finding with their owners; they are documented here and do not block.",
        "Record the Platforms pass/fail determination (sign-off) in the readiness file.",
      ]
    `)
    expect(items[0]?.refs).toEqual([
      'health:op-devnet-1:head-advancing:op-geth-1',
      fixtureIds.relay,
      fixtureIds.supervisor,
    ])
  })

  test('an unmitigated SEV2 finding asks for a plan; an incomplete run asks for a re-run', () => {
    const results = fixtureResults()
    results.run.complete = false
    const betanet = results.verdicts[1]
    const withdrawal = betanet?.findings.find((f) => f.id === fixtureIds.withdrawal)
    if (withdrawal === undefined) throw new Error('fixture changed')
    delete withdrawal.mitigation
    delete withdrawal.mitigationExpired
    const texts = recommendations(results).map((item) => item.text)
    expect(texts[0]).toBe('Re-run: the run did not complete, so no gate can promote on it.')
    expect(texts).toContain(
      'Write a mitigation plan (plan, owner, expiry) for 1 SEV2 finding (owners: bridge-team).',
    )
    expect(texts.at(-1)).toBe(
      'Provide the readiness file so that the checklist and sign-off are part of this report.',
    )
  })
})
