import type { Severity } from '../core/index.js'
import { GateInheritanceError, UnknownGateError } from './GateError.js'
import type {
  GateDefinition,
  GatePolicy,
  GatesFile,
  QuarantinePolicy,
  Sev2Policy,
  Sev3Policy,
  SeverityRule,
  SkipsPolicy,
  TestSelector,
} from './GatesFile.js'

/** A gate's policy with inheritance and defaults applied: every field has a value. */
export interface ResolvedPolicy {
  /** Most open findings per severity; `null` is unlimited. */
  maxOpen: Record<Severity, number | null>
  SEV2: Sev2Policy
  SEV3: Sev3Policy
  skips: SkipsPolicy
  minTests: number
  requiredChecklist: string[]
  quarantine: QuarantinePolicy
  /** Readiness entries that match nothing are an error (exit 2), not a warning. */
  strict: boolean
}

/** Features and test patterns, from the gate and every gate it inherits from. */
export interface ResolvedSelector {
  features: string[]
  tests: string[]
}

/** A severity rule and where it was written, so a finding can say which rule classified it. */
export interface ResolvedSeverityRule {
  rule: SeverityRule
  /** Path in the gates file, e.g. `gates.betanet.severityRules[0]` or `severityRules[2]`. */
  source: string
}

/** A gate ready to judge a run: inheritance applied, defaults filled in. */
export interface ResolvedGate {
  name: string
  description: string
  /** The gate, then its parent, then the parent's parent… */
  lineage: string[]
  /** Tests the gate takes in; `null`: every test. */
  include: ResolvedSelector | null
  exclude: ResolvedSelector
  policy: ResolvedPolicy
  /** In the order they are tried: the gate's own, its parents' (nearest first), then the global ones. */
  severityRules: ResolvedSeverityRule[]
}

/**
 * The policy of a gate that sets nothing: the Release Readiness Process'
 * baseline (no open SEV0/SEV1, SEV2 needs a mitigation plan, SEV3 is
 * documented), at least one test must run, and quarantined failures count.
 */
export const defaultPolicy: ResolvedPolicy = {
  maxOpen: { SEV0: 0, SEV1: 0, SEV2: null, SEV3: null },
  SEV2: 'mitigation-required',
  SEV3: 'document',
  skips: 'allow',
  minTests: 1,
  requiredChecklist: [],
  quarantine: 'report',
  strict: false,
}

/**
 * Gates that refuse a readiness entry matching nothing unless they say
 * `strict: false`, and so does every gate that inherits from one: promotion
 * to testnet and beyond should not rest on an entry with a typo in it.
 */
export const strictGateNames: readonly string[] = ['betanet', 'testnet']

/** Options of `resolveGate`. */
export interface ResolveGateOptions {
  /** How errors name the gates file. Default: `gates.yaml`. */
  fileName?: string
}

/**
 * Resolves the gate `name` of a parsed gates file. Inheritance, from the
 * farthest ancestor down to the gate:
 *
 * - policy fields the child sets override the parent's; `maxOpen` is merged
 *   per severity;
 * - `requiredChecklist` is the union, the parent's items first;
 * - `include` and `exclude` lists extend the parent's; a gate takes in every
 *   test only when neither it nor an ancestor has an `include`, so a child's
 *   own `include` narrows a parent that takes in every test;
 * - `strict` is the nearest one set; unset, it is true for a gate that is or
 *   inherits from a gate in `strictGateNames`;
 * - severity rules: the gate's own, then its parents' (nearest first), then
 *   the global ones.
 *
 * @throws {UnknownGateError} when the file has no gate `name`.
 * @throws {GateInheritanceError} when a gate inherits from a missing gate, or in a cycle.
 */
export function resolveGate(
  file: GatesFile,
  name: string,
  options: ResolveGateOptions = {},
): ResolvedGate {
  const fileName = options.fileName ?? 'gates.yaml'
  const gate = findGate(file, name)
  if (!gate) throw unknownGate(file, name, fileName)
  const lineage = lineageOf(file, { name, gate }, fileName)
  const fromRoot = lineage.map((entry) => entry.gate).reverse()
  return {
    name,
    description: gate.description,
    lineage: lineage.map((entry) => entry.name),
    include: resolveInclude(fromRoot),
    exclude: fromRoot.reduce(
      (exclude, gate) => (gate.exclude ? extendSelector(exclude, gate.exclude) : exclude),
      emptySelector,
    ),
    // A copy, so that a caller changing its gate cannot change every other gate's defaults.
    policy: {
      ...fromRoot.reduce(
        (policy, gate) => mergePolicy(policy, gate.policy),
        structuredClone(defaultPolicy),
      ),
      strict: resolveStrict(lineage),
    },
    severityRules: [
      ...lineage.flatMap((entry) => rulesFrom(entry.gate.severityRules, `gates.${entry.name}.`)),
      ...rulesFrom(file.severityRules, ''),
    ],
  }
}

/** One gate of a gates file, as `signalbox gates` lists it. */
export interface GateSummary {
  name: string
  description: string
  inherits?: string
}

/** The gates of a parsed gates file, in the file's order. */
export function listGates(file: GatesFile): GateSummary[] {
  return Object.entries(file.gates).map(([name, gate]) => ({
    name,
    description: gate.description,
    ...(gate.inherits !== undefined && { inherits: gate.inherits }),
  }))
}

function findGate(file: GatesFile, name: string): GateDefinition | undefined {
  // Own keys only: a gate called `constructor` must not find Object's.
  return Object.hasOwn(file.gates, name) ? file.gates[name] : undefined
}

interface LineageEntry {
  name: string
  gate: GateDefinition
}

/** The gate and its ancestors, nearest first. */
function lineageOf(file: GatesFile, start: LineageEntry, fileName: string): LineageEntry[] {
  const lineage = [start]
  let child = start
  while (child.gate.inherits !== undefined) {
    const parentName = child.gate.inherits
    const names = lineage.map((entry) => entry.name)
    const seenAt = names.indexOf(parentName)
    if (seenAt !== -1) throw inheritanceCycle([...names.slice(seenAt), parentName], fileName)
    const parent = findGate(file, parentName)
    if (!parent) throw unknownParent(file, child.name, parentName, fileName)
    child = { name: parentName, gate: parent }
    lineage.push(child)
  }
  return lineage
}

function rulesFrom(
  rules: readonly SeverityRule[] | undefined,
  pathPrefix: string,
): ResolvedSeverityRule[] {
  return (rules ?? []).map((rule, index) => ({
    rule,
    source: `${pathPrefix}severityRules[${index}]`,
  }))
}

function mergePolicy(parent: ResolvedPolicy, child: GatePolicy | undefined): ResolvedPolicy {
  if (!child) return parent
  return {
    maxOpen: {
      SEV0: child.maxOpen?.SEV0 ?? parent.maxOpen.SEV0,
      SEV1: child.maxOpen?.SEV1 ?? parent.maxOpen.SEV1,
      SEV2: child.maxOpen?.SEV2 ?? parent.maxOpen.SEV2,
      SEV3: child.maxOpen?.SEV3 ?? parent.maxOpen.SEV3,
    },
    SEV2: child.SEV2 ?? parent.SEV2,
    SEV3: child.SEV3 ?? parent.SEV3,
    skips: child.skips ?? parent.skips,
    minTests: child.minTests ?? parent.minTests,
    requiredChecklist: union(parent.requiredChecklist, child.requiredChecklist ?? []),
    quarantine: child.quarantine ?? parent.quarantine,
    strict: parent.strict,
  }
}

function resolveStrict(lineage: readonly LineageEntry[]): boolean {
  const explicit = lineage.find((entry) => entry.gate.policy?.strict !== undefined)
  return (
    explicit?.gate.policy?.strict ?? lineage.some((entry) => strictGateNames.includes(entry.name))
  )
}

const emptySelector: ResolvedSelector = { features: [], tests: [] }

/**
 * Every test until a gate on the way down has an `include`; from there on,
 * each `include` adds to it. A parent's "every test" is only the absence of
 * a choice, so a child's own `include` is what it takes in.
 */
function resolveInclude(fromRoot: readonly GateDefinition[]): ResolvedSelector | null {
  return fromRoot.reduce<ResolvedSelector | null>(
    (include, gate) =>
      gate.include ? extendSelector(include ?? emptySelector, gate.include) : include,
    null,
  )
}

function extendSelector(parent: ResolvedSelector, child: TestSelector): ResolvedSelector {
  return {
    features: union(parent.features, child.features ?? []),
    tests: union(parent.tests, child.tests ?? []),
  }
}

function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])]
}

function unknownGate(file: GatesFile, name: string, fileName: string): UnknownGateError {
  const known = Object.keys(file.gates)
  return new UnknownGateError(`Unknown gate "${name}"`, {
    details: `${fileName} defines: ${known.join(', ')}`,
    hint: `Use one of those, or add a gate "${name}" to ${fileName}.`,
  })
}

function unknownParent(
  file: GatesFile,
  child: string,
  parent: string,
  fileName: string,
): GateInheritanceError {
  return new GateInheritanceError(
    `${fileName}: gates.${child}.inherits names an unknown gate "${parent}"`,
    {
      details: `${fileName} defines: ${Object.keys(file.gates).join(', ')}`,
      hint: `Fix gates.${child}.inherits, or add a gate "${parent}".`,
    },
  )
}

function inheritanceCycle(cycle: string[], fileName: string): GateInheritanceError {
  return new GateInheritanceError(`${fileName}: gates inherit in a cycle: ${cycle.join(' → ')}`, {
    hint: `Remove one of the "inherits" in that cycle: a gate cannot be its own ancestor.`,
  })
}
