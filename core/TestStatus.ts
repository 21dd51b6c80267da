import { z } from 'zod'

/** How one test ended. `errored`: it threw something other than a failed assertion. */
export const TestStatus = z.enum(['passed', 'failed', 'skipped', 'errored', 'timedOut'])
export type TestStatus = z.infer<typeof TestStatus>
