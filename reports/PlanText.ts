import type { ResolvedGate, RunPlan } from '../gates/index.js'

/** A plan as text: per gate, its policy and the tests it selects. */
export function renderPlan(plan: RunPlan): string {
  const lines: string[] = []
  for (const { gate, selected, excluded } of plan.gates) {
    lines.push(
      ...describeGate(gate),
      '',
      `  selects ${selected.length} test(s) from ${plan.suitesRoot}:`,
    )
    for (const test of selected)
      lines.push(`    ${test.id}${test.severity ? `  [${test.severity}]` : ''}`)
    if (excluded.length > 0) {
      lines.push(`  leaves out ${excluded.length} test(s):`)
      for (const test of excluded) lines.push(`    ${test.id}  (${test.reason})`)
    }
    lines.push('')
  }
  lines.push(
    `the run would run ${plan.toRun.length} test(s) once, and judge each gate on its own selection`,
  )
  return lines.join('\n')
}

/** A resolved gate as text: what it is, what it takes in, its policy and its severity rules. */
export function describeGate(gate: ResolvedGate): string[] {
  const { policy } = gate
  const maxOpen = Object.entries(policy.maxOpen)
    .map(([severity, max]) => `${severity} ≤ ${max === null ? '∞' : max}`)
    .join(', ')
  const lines = [
    `gate ${gate.name}${gate.lineage.length > 1 ? ` (inherits ${gate.lineage.slice(1).join(' → ')})` : ''}`,
    `  ${gate.description}`,
    '',
    `  takes in: ${selectorText(gate.include) ?? 'every test'}`,
    `  leaves out: ${selectorText(gate.exclude) ?? 'nothing'}`,
    '  policy:',
    `    open findings allowed: ${maxOpen}`,
    `    SEV2: ${policy.SEV2}`,
    `    SEV3: ${policy.SEV3}`,
    `    skipped tests: ${policy.skips}`,
    `    at least ${policy.minTests} test(s) must run`,
    `    required checklist: ${policy.requiredChecklist.length > 0 ? policy.requiredChecklist.join(', ') : 'none'}`,
    `    quarantined tests: ${policy.quarantine}`,
    '  severity rules, first match wins (then the severity a test declares, then SEV1):',
  ]
  for (const { rule, source } of gate.severityRules) {
    const match = Object.entries(rule.match)
      .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join('|') : value}`)
      .join(', ')
    lines.push(`    ${rule.severity}  ${rule.id ?? source}: ${match}`)
  }
  return lines
}

function selectorText(
  selector: { features: string[]; tests: string[] } | null,
): string | undefined {
  if (!selector) return undefined
  const parts = [
    selector.features.length > 0 ? `features ${selector.features.join(', ')}` : '',
    selector.tests.length > 0 ? `tests ${selector.tests.join(', ')}` : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join('; ') : undefined
}
