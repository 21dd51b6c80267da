export type { ChecklistRow } from './Checklist.js'
export { checklistRows } from './Checklist.js'
export type { FindingEntry, MitigationState } from './Findings.js'
export { collectFindings } from './Findings.js'
export { renderFlakyReport } from './FlakyText.js'
export type { AnnotationOptions, GithubSummaryOptions } from './GithubSummary.js'
export {
  escapeWorkflowData,
  escapeWorkflowProperty,
  renderGithubAnnotations,
  renderGithubSummary,
} from './GithubSummary.js'
export { renderHealthTable } from './HealthTable.js'
export type { HtmlData, HtmlTestRow } from './Html.js'
export { escapeHtml, jsonForScript, renderHtml } from './Html.js'
export { renderJson } from './Json.js'
export {
  escapeXmlAttribute,
  escapeXmlText,
  renderJunit,
  stripInvalidXmlCharacters,
} from './Junit.js'
export { escapeMarkdown, renderMarkdown } from './Markdown.js'
export { describeGate, renderPlan } from './PlanText.js'
export type { Recommendation } from './Recommendations.js'
export { recommendations } from './Recommendations.js'
export { renderRepeatTable } from './RepeatText.js'
export type { ReportFormat } from './Report.js'
export { renderReport, reportFileNames } from './Report.js'
export type { ReportContext } from './ReportContext.js'
export type { FeatureSummary } from './Tallies.js'
export { summarizeFeatures } from './Tallies.js'
export type { ProgressOptions, TerminalOptions, TestFinishedEvent } from './Terminal.js'
export { ProgressRenderer, renderTerminalSummary } from './Terminal.js'
export { formatDuration } from './Text.js'
