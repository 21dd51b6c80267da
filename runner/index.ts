export { formatError, InputError, RunError, SignalboxError, UsageError } from '../core/index.js'
export { type RunOptions, type RunOutcome, run } from './Run.js'
