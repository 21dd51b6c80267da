import { z } from 'zod'
import { Severity, TestStatus } from '../core/index.js'
import { parseFileContent } from './FileSchema.js'

/**
 * `gates.yaml`: the gates a run can be judged against. This schema is the
 * single definition of the format. Policy fields are optional here because a
 * gate that inherits overrides only what it names; `resolveGate` applies
 * inheritance and the defaults.
 */

const Name = z.string().min(1, { error: 'expected a non-empty name' })

const NameList = z.array(Name).min(1, { error: 'expected at least one entry' })

const Count = z.number().int().min(0, { error: 'expected a number >= 0' })

const GateName = z.string().regex(/^[A-Za-z0-9][\w-]*$/, {
  error: 'expected letters, digits, "-" and "_" only',
})

function isRegexSource(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}

/** Which tests a gate takes in or leaves out: by feature, or by test id/pattern (see `TestPattern`). */
export const TestSelector = z
  .strictObject({
    features: NameList.optional(),
    tests: NameList.optional(),
  })
  .refine((selector) => selector.features || selector.tests, {
    error: 'expected at least one of features, tests',
  })
export type TestSelector = z.infer<typeof TestSelector>

/** Most open findings of each severity a gate accepts; a severity left out is unlimited. */
export const MaxOpen = z.strictObject({
  SEV0: Count.optional(),
  SEV1: Count.optional(),
  SEV2: Count.optional(),
  SEV3: Count.optional(),
})
export type MaxOpen = z.infer<typeof MaxOpen>

/** What a SEV2 finding does: needs a valid mitigation plan, blocks outright, or passes. */
export const Sev2Policy = z.enum(['mitigation-required', 'block', 'allow'])
export type Sev2Policy = z.infer<typeof Sev2Policy>

/** SEV3 findings are documented in the verdict and never block (RRP). */
export const Sev3Policy = z.enum(['document'])
export type Sev3Policy = z.infer<typeof Sev3Policy>

/** Whether skipped tests among the selected ones block. */
export const SkipsPolicy = z.enum(['fail', 'allow'])
export type SkipsPolicy = z.infer<typeof SkipsPolicy>

/**
 * Quarantined tests: `exclude` lists their failures but does not count them;
 * `report` counts them like any other.
 */
export const QuarantinePolicy = z.enum(['exclude', 'report'])
export type QuarantinePolicy = z.infer<typeof QuarantinePolicy>

/** How a gate judges findings, skips and the checklist. Every field is optional; see the defaults. */
export const GatePolicy = z.strictObject({
  /** Default: SEV0 0, SEV1 0, SEV2 and SEV3 unlimited. */
  maxOpen: MaxOpen.optional(),
  /** Default: `mitigation-required`, the RRP's rule for major issues. */
  SEV2: Sev2Policy.optional(),
  /** Default: `document`. */
  SEV3: Sev3Policy.optional(),
  /** Default: `allow`. */
  skips: SkipsPolicy.optional(),
  /** Fewest selected tests that must have run (not skipped). Default: 1. */
  minTests: Count.optional(),
  /** Readiness checklist item ids that must be done. Default: none. */
  requiredChecklist: z.array(Name).optional(),
  /** Default: `report`: a quarantined failure counts unless the gate says otherwise. */
  quarantine: QuarantinePolicy.optional(),
  /**
   * Whether a readiness entry (mitigation, triage, quarantine, checklist item)
   * that matches nothing is an error (exit 2) rather than a warning.
   * Default: true for betanet, testnet and the gates that inherit from them.
   */
  strict: z.boolean().optional(),
})
export type GatePolicy = z.infer<typeof GatePolicy>

/** Statuses a severity rule can match: only tests that did not pass become findings. */
export const FailingStatus = TestStatus.exclude(['passed', 'skipped'])
export type FailingStatus = z.infer<typeof FailingStatus>

/**
 * Conditions of a severity rule. Every condition given must hold; within a
 * list, any entry may match. `error` is a regular expression source, matched
 * (case-sensitive, anywhere) against the test's error message.
 */
export const SeverityRuleMatch = z
  .strictObject({
    features: NameList.optional(),
    tests: NameList.optional(),
    status: z.array(FailingStatus).min(1, { error: 'expected at least one entry' }).optional(),
    error: z
      .string()
      .refine(isRegexSource, { error: 'expected a valid regular expression' })
      .optional(),
  })
  .refine((match) => match.features || match.tests || match.status || match.error !== undefined, {
    error: 'expected at least one of features, tests, status, error',
  })
export type SeverityRuleMatch = z.infer<typeof SeverityRuleMatch>

/** Maps failures to a severity. The first rule that matches a failure decides. */
export const SeverityRule = z.strictObject({
  /** Names the rule in a finding's `classifiedBy`; without it, the rule's position does. */
  id: Name.optional(),
  description: z.string().optional(),
  match: SeverityRuleMatch,
  severity: Severity,
})
export type SeverityRule = z.infer<typeof SeverityRule>

/** One gate as written in the file, before inheritance and defaults. */
export const GateDefinition = z.strictObject({
  description: z.string().min(1, { error: 'expected a description' }),
  /** Name of the gate this one starts from. */
  inherits: Name.optional(),
  /** Tests the gate takes in. Default: every test. */
  include: TestSelector.optional(),
  /** Tests the gate leaves out, even when included. Default: none. */
  exclude: TestSelector.optional(),
  /** Default: every policy default (see `GatePolicy`). */
  policy: GatePolicy.optional(),
  /** Rules tried before the inherited and the global ones. */
  severityRules: z.array(SeverityRule).optional(),
})
export type GateDefinition = z.infer<typeof GateDefinition>

/** The whole gates file. */
export const GatesFile = z.strictObject({
  version: z.literal(1),
  gates: z
    .record(GateName, GateDefinition)
    .refine((gates) => Object.keys(gates).length > 0, { error: 'expected at least one gate' }),
  /** Rules every gate tries after its own and its parents'. */
  severityRules: z.array(SeverityRule).optional(),
})
export type GatesFile = z.infer<typeof GatesFile>

/**
 * Validates the content of a gates file. Reading the file and parsing its YAML
 * is the caller's job.
 *
 * @param data The file's content, parsed from YAML.
 * @param fileName How errors name the file, e.g. `gates.yaml`.
 * @throws {GateConfigError} naming the file, the path inside it and what was expected.
 */
export function parseGatesFile(data: unknown, fileName: string): GatesFile {
  return parseFileContent(GatesFile, data, fileName, 'gates file')
}
