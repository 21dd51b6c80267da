import type { QuarantineReview } from '../gates/index.js'
import type { FlakyTest } from './history/Records.js'

/**
 * `signalbox flaky` as text: the tests that passed and failed on the same
 * gate, devnet and commit, then the quarantined tests and whether each has
 * passed often enough to leave quarantine.
 */
export function renderFlakyReport(flaky: readonly FlakyTest[], review?: QuarantineReview): string {
  const lines: string[] = []
  if (flaky.length === 0) {
    lines.push('no flaky test: none passed and failed on the same gate, devnet and commit')
  } else {
    lines.push(
      `${flaky.length} flaky test(s): passed and failed on the same gate, devnet and commit`,
    )
    for (const test of flaky) {
      lines.push(
        `  ${test.testId}`,
        `    ${Math.round(test.passRate * 1000) / 10} % passed (${test.passed} of ${test.passed + test.failed}) on gate ${test.gate}, devnet ${test.devnet}, commit ${test.gitCommit.slice(0, 12)}; last seen ${test.lastSeen}${test.owner ? `; owner ${test.owner}` : ''}`,
      )
    }
  }
  if (review) {
    lines.push('')
    const leaving = review.tests.filter((test) => test.canLeave)
    lines.push(
      `quarantine: ${review.tests.length} quarantined test(s) in history, ${leaving.length} may leave (passed ${review.minPasses} times in a row since their last failure)`,
    )
    for (const test of review.tests) {
      lines.push(
        `  ${test.canLeave ? 'may leave' : 'stays    '}  ${test.testId}`,
        `             ${test.passStreak} pass(es) in a row, ${test.passed} passed and ${test.failed} failed in history; quarantined by ${test.entry.by}: ${test.entry.reason}`,
      )
    }
    for (const entry of review.unmatched) {
      lines.push(
        `  no history  ${entry.test} (quarantined by ${entry.by}: no test in history matches)`,
      )
    }
  }
  return lines.join('\n')
}
