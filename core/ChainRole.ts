import { z } from 'zod'

/** What a chain is to the devnet: the settlement layer or a rollup on it. */
export const ChainRole = z.enum(['l1', 'l2'])
export type ChainRole = z.infer<typeof ChainRole>
