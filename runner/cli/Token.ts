import { UsageError } from '../../core/index.js'
import type { CliIo } from './Arguments.js'

/** The variable a dashboard token is read from; `--token` works too, but shows in the process list. */
export const tokenVariable = 'SIGNALBOX_TOKEN'

/** The dashboard token: `--token`, else SIGNALBOX_TOKEN; a UsageError without either. */
export function tokenFrom(option: string | undefined, io: CliIo): string {
  const token = option ?? io.env?.[tokenVariable]
  if (!token) {
    throw new UsageError('the dashboard needs a token', {
      hint: `Set ${tokenVariable} (make one with \`signalbox token create\` where the dashboard's store is).`,
    })
  }
  return token
}
