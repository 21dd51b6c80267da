import type { TestResult } from '../../../core/index.js'
import {
  classifyFindings,
  type GatesFile,
  isFindingStatus,
  type ResolvedSeverityRule,
  resolveGate,
} from '../../../gates/index.js'
import type { FindingClassified } from './LiveMessage.js'

/**
 * Classifies a failing test as it finishes, the way the run's gates will:
 * the gate's severity rules, then the severity the test declares, then the
 * default. Triage overrides and mitigations live in the readiness file, which
 * a live run does not carry, so the final verdict may still differ.
 */
export type LiveClassifier = (
  gates: readonly string[],
  test: TestResult,
) => FindingClassified | undefined

/**
 * A classifier over `gatesFile`. Without one, or for a gate it does not
 * define, a failure is classified by its declared severity or the default.
 */
export function createLiveClassifier(gatesFile?: GatesFile): LiveClassifier {
  const rulesByGate = new Map<string, readonly ResolvedSeverityRule[]>()
  const rulesOf = (gate: string): readonly ResolvedSeverityRule[] => {
    let rules = rulesByGate.get(gate)
    if (rules === undefined) {
      rules =
        gatesFile !== undefined && Object.hasOwn(gatesFile.gates, gate)
          ? resolveGate(gatesFile, gate).severityRules
          : []
      rulesByGate.set(gate, rules)
    }
    return rules
  }
  return (gates, test) => {
    if (!isFindingStatus(test.status)) return undefined
    const findings = gates.flatMap((gate) =>
      classifyFindings({
        gate: { severityRules: [...rulesOf(gate)] },
        tests: [test],
        health: [],
        // Only mitigations depend on the day, and a live run has none.
        now: '1970-01-01',
      }).map((finding) => ({
        gate,
        severity: finding.severity,
        classifiedBy: finding.classifiedBy,
      })),
    )
    return { type: 'finding-classified', testId: test.id, findings }
  }
}
