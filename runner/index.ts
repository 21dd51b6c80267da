/**
 * signalbox as a library: what the CLI does, as functions that take and
 * return plain data. `run` runs the suites and judges; the files module
 * functions read gates, readiness and results files and write the reports.
 */
export {
  formatError,
  InputError,
  type Results,
  RunError,
  type RunEvent,
  type RunListener,
  SignalboxError,
  UsageError,
} from '../core/index.js'
export { checkHealth, devnetFromSpec } from '../devnet/index.js'
export { type JudgeInput, type Judgement, judge } from '../gates/index.js'
export {
  loadGatesFile,
  loadReadinessFile,
  readResultsFile,
  resolveGates,
} from './files/InputFiles.js'
export { renderRunReports, writeRunReports } from './files/ReportFiles.js'
export { type RunOptions, type RunOutcome, run } from './pipeline/Run.js'
