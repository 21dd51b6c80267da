import { UsageError } from '../../../core/index.js'
import { openHistoryStore, TokenScope } from '../../../reports/history/index.js'
import { ensureWorkspace } from '../../files/Workspace.js'
import { type CliIo, parseCommand } from '../Arguments.js'
import { tokenVariable } from '../Token.js'

/**
 * `signalbox token create --name <name> [--scope push|push,signoff] [--store <spec>]`:
 * makes a token for the dashboard over that store. The token is printed once;
 * the store keeps only its hash.
 */
export async function tokenCommand(argv: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = argv
  if (subcommand !== 'create') {
    throw new UsageError(
      subcommand ? `unknown token command: ${subcommand}` : 'token needs a command: create',
      { hint: 'signalbox token create --name ci --scope push' },
    )
  }
  const { values } = parseCommand(rest, {
    name: { type: 'string' },
    scope: { type: 'string' },
    store: { type: 'string' },
  })
  if (!values.name) throw new UsageError('token create needs --name (who or what uses the token)')
  const scopes = (values.scope ?? 'push').split(',').map((scope) => {
    const parsed = TokenScope.safeParse(scope.trim())
    if (!parsed.success)
      throw new UsageError(`--scope takes push or push,signoff, got "${values.scope}"`)
    return parsed.data
  })
  // Signing off includes pushing the run first.
  const granted = [
    ...new Set(scopes.includes('signoff') ? ['push', ...scopes] : scopes),
  ] as TokenScope[]
  if (values.store === undefined) await ensureWorkspace(io.cwd)
  const store = await openHistoryStore(values.store, io.cwd)
  try {
    const { token, record } = await store.createToken(values.name, granted)
    io.stdout(token)
    io.stderr(
      `token "${record.name}" (${record.scopes.join(', ')}) made; it is shown once. Give it to CI as ${tokenVariable}.`,
    )
  } finally {
    await store.close()
  }
  return 0
}
