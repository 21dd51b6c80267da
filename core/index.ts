export { ChainRole } from './ChainRole.js'
export { Day, isCalendarDay, toDay } from './Day.js'
export { ExitCode, exitCodeOfDecision, exitCodeOfDecisions } from './ExitCode.js'
export { HealthCheck, healthFindingId } from './HealthCheck.js'
export { type InputText, maxInputFileBytes, readInputText } from './InputFile.js'
export {
  createRedactor,
  displayUrl,
  type Redact,
  type RedactorOptions,
  redactData,
  redactionMark,
} from './Redact.js'
export * from './Results.js'
export {
  digestOf,
  digestOfJson,
  editedResults,
  judgedDigestOf,
  sealResults,
} from './ResultsDigest.js'
export { RunEvent, type RunListener } from './RunEvent.js'
export {
  checkSchema,
  formatPath,
  type IssueOptions,
  issuesOf,
  type SchemaCheck,
} from './SchemaIssues.js'
export { defaultFailureSeverity, Severity, severities } from './Severity.js'
export {
  exitCodeOf,
  explainError,
  formatError,
  HarnessError,
  harnessErrorName,
  InputError,
  type InputIssue,
  RunError,
  SignalboxError,
  type SignalboxErrorOptions,
  UsageError,
} from './SignalboxError.js'
export { featureOf, parseTestId, testIdOf, testIdSeparator } from './TestId.js'
export { TestStatus } from './TestStatus.js'
export { escapeRegex, formatDurationOption, plural } from './Text.js'
export { maxYamlNesting, yamlNestingOf } from './YamlNesting.js'
