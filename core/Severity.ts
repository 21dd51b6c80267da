import { z } from 'zod'

/**
 * Incident severity, as the Release Readiness Process grades a failure by its
 * impact had it happened on mainnet: SEV0 catastrophic, SEV1 critical,
 * SEV2 major, SEV3 minor.
 */
export const Severity = z.enum(['SEV0', 'SEV1', 'SEV2', 'SEV3'])
export type Severity = z.infer<typeof Severity>

/** Every severity, most severe first. */
export const severities: readonly Severity[] = Severity.options

/** The severity of a failure that nothing classifies: unknown blocks. */
export const defaultFailureSeverity: Severity = 'SEV1'
