export {
  type ClassifiableTest,
  type ClassifyInput,
  classifyFindings,
  compareFindings,
  isFindingStatus,
  isMitigationExpired,
} from './Classification.js'
export { closestMatch, editDistance } from './CloseMatch.js'
export { parseFileContent } from './FileSchema.js'
export {
  defaultPolicy,
  type GateSummary,
  listGates,
  type ResolvedGate,
  type ResolvedPolicy,
  type ResolvedSelector,
  type ResolvedSeverityRule,
  type ResolveGateOptions,
  resolveGate,
  strictGateNames,
} from './Gate.js'
export {
  GateConfigError,
  GateInheritanceError,
  UnknownGateError,
  UnmatchedReadinessError,
} from './GateError.js'
export {
  FailingStatus,
  GateDefinition,
  GatePolicy,
  GatesFile,
  MaxOpen,
  parseGatesFile,
  QuarantinePolicy,
  Sev2Policy,
  Sev3Policy,
  SeverityRule,
  SeverityRuleMatch,
  SkipsPolicy,
  TestSelector,
} from './GatesFile.js'
export { type JudgeInput, type Judgement, judge } from './Judge.js'
export { type GateSelection, planOf, type RunPlan, selectsTests } from './Plan.js'
export { applyQuarantine } from './Quarantine.js'
export {
  defaultPassesToLeaveQuarantine,
  type QuarantinedTest,
  type QuarantineReview,
  reviewQuarantine,
  type TestRecord,
} from './QuarantineReview.js'
export {
  ChecklistItem,
  ManualFinding,
  ManualFindingStatus,
  MitigationPlan,
  parseReadinessFile,
  QuarantineEntry,
  ReadinessFile,
  Signoff,
  TriageOverride,
} from './Readiness.js'
export {
  describeUnmatched,
  type ReadinessMatchInput,
  requiredChecklistOf,
  type UnmatchedEntry,
  unmatchedReadinessEntries,
  unmatchedReadinessError,
  unmatchedWarnings,
} from './ReadinessMatch.js'
export { type ExcludedTest, type Selection, selectTests, type TestRef } from './Selection.js'
export { type SelectionWarning, surprisingSelections } from './SelectionWarnings.js'
export { decideSignoff, type SignoffRecord, type SignoffRequest } from './Signoff.js'
export { compileTestPattern } from './TestPattern.js'
export { type EvaluateInput, evaluate } from './Verdict.js'
