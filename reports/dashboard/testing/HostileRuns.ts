import type { Results } from '../../../core/index.js'
import { fixtureRun } from '../../history/testing/HistoryFixtures.js'

/**
 * Runs whose every piece of untrusted text tries to inject script: test
 * names, ids, errors, stacks, owners, features, annotations, the devnet,
 * health checks, findings, mitigations and verdict reasons.
 */

/** What must never come back unescaped in a page. */
export const injections = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
} as const

const { script, attribute } = injections

/** A hostile run on alphanet; the hostile test passes or fails, at `gitCommit`. */
export function hostileRun(
  id: string,
  startedAt: string,
  status: 'passed' | 'failed',
  gitCommit = 'deadbeef',
): Results {
  const results = fixtureRun({
    id,
    startedAt,
    gitCommit,
    devnet: { backend: 'embedded', name: `devnet ${script}` },
    tests: [
      { name: script, owner: attribute, status, severity: 'SEV2' },
      {
        name: `also ${attribute}`,
        feature: attribute,
        owner: script,
        status: 'failed',
        severity: 'SEV3',
      },
    ],
  })
  for (const test of results.tests) {
    test.annotations = [{ type: script, message: attribute }]
    if (test.error !== undefined) {
      test.error = {
        message: `${script} failed ${attribute}`,
        stack: `Error: ${attribute}\n    at ${script}`,
      }
    }
  }
  results.health.push({ check: script, chain: attribute, ok: false, detail: script })
  for (const verdict of results.verdicts) {
    verdict.reasons.push({ rule: script, message: attribute, refs: [script] })
    for (const finding of verdict.findings) {
      finding.title = `${finding.title} ${script}`
      finding.classifiedBy = attribute
      finding.mitigation = {
        plan: script,
        owner: attribute,
        expires: '2026-11-21',
        link: `javascript:alert(1)//${attribute}`,
      }
    }
  }
  return results
}
