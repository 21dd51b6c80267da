export { formatError, InputError, RunError, SignalboxError, UsageError } from './errors.js'
export { type RunOptions, type RunOutcome, run } from './Run.js'
