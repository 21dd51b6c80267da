import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { redactData } from '../../../core/index.js'
import { Signoff } from '../../history/Records.js'
import { ConflictError } from '../RequestErrors.js'
import { GateName, oneLine, paragraphs, RunParams } from '../RequestSchemas.js'
import type { ZodTypeProvider } from '../ZodTypeProvider.js'
import type { RouteContext } from './RouteContext.js'
import { storedVerdict } from './StoredRuns.js'

/**
 * Platforms' sign-offs: a promotion determination for one gate of one run,
 * with who, when and the digest of the results it was made on. Only a gate
 * whose stored verdict is `promote` can be signed off.
 */

/** The body of `POST /api/runs/:id/signoffs`. */
export const SignoffBody = z.strictObject({
  gate: GateName,
  /** Who signs off. */
  by: oneLine(200),
  notes: paragraphs(4000).optional(),
})
export type SignoffBody = z.infer<typeof SignoffBody>

/** `GET /api/runs/:id/signoffs`. */
export const SignoffList = z.object({ signoffs: z.array(Signoff) })

/** Largest body of a sign-off. */
export const signoffBodyLimit = 16 * 1024

/** `GET /api/runs/:id/signoffs` and `POST /api/runs/:id/signoffs` (signoff scope). */
export const signoffRoutes: FastifyPluginAsync<RouteContext> = async (instance, context) => {
  const app = instance.withTypeProvider<ZodTypeProvider>()
  const { store } = context

  app.get(
    '/api/runs/:id/signoffs',
    { schema: { params: RunParams, response: { 200: SignoffList } } },
    async (request) => ({ signoffs: await store.signoffsOf(request.params.id) }),
  )

  app.post(
    '/api/runs/:id/signoffs',
    {
      bodyLimit: signoffBodyLimit,
      config: { access: 'signoff' },
      schema: { params: RunParams, body: SignoffBody, response: { 201: Signoff } },
    },
    async (request, reply) => {
      const { id } = request.params
      const body = redactData(request.body, context.redact)
      const { stored, verdict } = await storedVerdict(store, id, body.gate)
      if (verdict.decision !== 'promote') {
        throw new ConflictError(
          `gate ${body.gate} does not promote run ${id} (its verdict is ${verdict.decision}): only a promotable run can be signed off`,
        )
      }
      const earlier = (await store.signoffsOf(id)).find((signoff) => signoff.gate === body.gate)
      if (earlier !== undefined) {
        throw new ConflictError(
          `run ${id} was signed off for ${body.gate} by ${earlier.by} at ${earlier.at}`,
        )
      }
      const signoff: Signoff = {
        runId: id,
        gate: body.gate,
        by: body.by,
        at: context.now().toISOString(),
        digest: stored.meta.digest,
        decision: 'promote',
        ...(body.notes !== undefined && body.notes !== '' && { notes: body.notes }),
      }
      await store.saveSignoff(signoff)
      return reply.code(201).send(signoff)
    },
  )
}
