import type { TestIdentity } from '../core/index.js'
import type { ResolvedGate } from './Gate.js'
import { selectTests } from './Selection.js'

/** What a run would do, found without starting a devnet or running a test. */
export interface RunPlan {
  suitesRoot: string
  gates: GateSelection[]
  /** Every test any gate selects: what the run would run. */
  toRun: string[]
}

/** The tests one gate takes in and those it leaves out, with why. */
export interface GateSelection {
  gate: ResolvedGate
  selected: TestIdentity[]
  excluded: Array<{ id: string; reason: string }>
}

/** Each gate's selection of the collected tests, and what the gates select together. */
export function planOf(
  collected: readonly TestIdentity[],
  gates: readonly ResolvedGate[],
): Omit<RunPlan, 'suitesRoot'> {
  const selections = gates.map((gate) => {
    const selection = selectTests(gate, collected)
    return {
      gate,
      selected: selection.selected,
      excluded: selection.excluded.map(({ test, reason }) => ({ id: test.id, reason })),
    }
  })
  const toRun = [...new Set(selections.flatMap((entry) => entry.selected.map((test) => test.id)))]
  return { gates: selections, toRun }
}

/** Whether a gate picks tests (so a run must know every test before it runs). */
export function selectsTests(gate: ResolvedGate): boolean {
  return gate.include !== null || gate.exclude.features.length > 0 || gate.exclude.tests.length > 0
}
