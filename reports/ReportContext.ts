import type { ReadinessFile } from '../gates/Readiness.js'

/**
 * What the writers take besides the results: the readiness file (checklist,
 * triage and sign-off live there, not in results.json) and where the suites
 * live in the repository.
 */
export interface ReportContext {
  /**
   * The release candidate's readiness file, as `parseReadinessFile` returns it.
   * Without it the reports say that no readiness file was given.
   */
  readiness?: ReadinessFile | undefined
  /**
   * Joined before each test's `file` (relative to the suites root) so that paths
   * point into the repository, e.g. `suites` or `packages/acceptance/suites`.
   * Default: `''` (paths stay relative to the suites root).
   */
  pathPrefix?: string | undefined
}
