import { execFile, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { appendFile, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const execFileAsync = promisify(execFile)

/**
 * A real PostgreSQL server for the history store's tests and benchmark: the
 * one `SIGNALBOX_TEST_POSTGRES_URL` names, or else a private cluster started
 * from Debian's `postgresql` package in a temporary folder — initdb as the
 * `postgres` user when running as root (initdb refuses root), listening on
 * 127.0.0.1 only, on a free port, with its socket in that folder. The
 * cluster is stopped and its folder removed by `stop()`, or when the process
 * exits without it.
 */
export interface PostgresServer {
  /** URL of the server's maintenance database, with credentials. */
  readonly url: string
  /** Whether this process started the server (false for `SIGNALBOX_TEST_POSTGRES_URL`). */
  readonly owned: boolean
  /** Makes an empty database; returns its URL. */
  createDatabase(): Promise<string>
  /** Drops a database `createDatabase` made, disconnecting whoever is still on it. */
  dropDatabase(url: string): Promise<void>
  /** Drops the databases still made, stops the cluster this process started and removes its folder. Safe to call twice. */
  stop(): Promise<void>
}

/** Options of `startPostgresServer`. */
export interface PostgresServerOptions {
  /**
   * Where `SIGNALBOX_TEST_POSTGRES_URL` (a server to use instead; its user
   * must be allowed to create databases) and `SIGNALBOX_POSTGRES_BIN` (the
   * folder of initdb and pg_ctl; default: the newest
   * `/usr/lib/postgresql/<version>/bin`) are read. Default: `process.env`.
   */
  env?: NodeJS.ProcessEnv
  /** How long initdb and the start may take, each, in ms. Default: 60000. */
  startTimeoutMs?: number
}

const clusterUser = 'signalbox'
const stopTimeoutSeconds = 30

/** Starts (or finds) a PostgreSQL server; see `PostgresServer`. */
export async function startPostgresServer(
  options: PostgresServerOptions = {},
): Promise<PostgresServer> {
  const env = options.env ?? process.env
  const external = env.SIGNALBOX_TEST_POSTGRES_URL
  if (external) return serverAt(external, false, async () => {})
  return startCluster(binFolder(env), options.startTimeoutMs ?? 60_000)
}

async function startCluster(bin: string, timeoutMs: number): Promise<PostgresServer> {
  const root = await mkdtemp(join(tmpdir(), 'signalbox-postgres-'))
  const data = join(root, 'data')
  const log = join(root, 'postgres.log')
  // initdb and postgres refuse to run as root: the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0
  const command = (tool: string, args: string[]) =>
    asRoot
      ? (['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] as const)
      : ([join(bin, tool), args] as const)
  const runTool = async (tool: string, args: string[], timeout: number) => {
    const [file, fileArgs] = command(tool, args)
    await execFileAsync(file, [...fileArgs], { cwd: root, timeout })
  }
  let started = false
  const emergencyStop = () => {
    if (started) {
      const [file, fileArgs] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'])
      spawnSync(file, [...fileArgs], { cwd: root, stdio: 'ignore', timeout: 10_000 })
    }
    rmSync(root, { recursive: true, force: true })
  }
  process.once('exit', emergencyStop)
  const stopCluster = async () => {
    process.removeListener('exit', emergencyStop)
    if (started) {
      await runTool(
        'pg_ctl',
        ['stop', '-D', data, '-m', 'fast', '-w', '-t', String(stopTimeoutSeconds)],
        (stopTimeoutSeconds + 5) * 1000,
      ).catch(() => runTool('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'], 10_000))
      started = false
    }
    await rm(root, { recursive: true, force: true })
  }
  try {
    const password = randomBytes(16).toString('hex')
    const passwordFile = join(root, 'password')
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 })
    if (asRoot) {
      const { uid, gid } = await userIds('postgres')
      await chown(root, uid, gid)
      await chown(passwordFile, uid, gid)
    }
    await runTool(
      'initdb',
      [
        '-D',
        data,
        '-U',
        clusterUser,
        `--pwfile=${passwordFile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
      ],
      timeoutMs,
    )
    // A port can be taken between finding it and binding it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      await appendFile(
        join(data, 'postgresql.conf'),
        `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${root}'\n`,
      )
      try {
        started = true
        await runTool(
          'pg_ctl',
          ['start', '-D', data, '-l', log, '-w', '-s', '-t', String(Math.ceil(timeoutMs / 1000))],
          timeoutMs + 5_000,
        )
        const url = `postgres://${clusterUser}:${password}@127.0.0.1:${port}/postgres`
        return serverAt(url, true, stopCluster)
      } catch (error) {
        if (attempt >= 3) throw error
      }
    }
  } catch (error) {
    const output = await readFile(log, 'utf8').catch(() => '')
    await stopCluster().catch(() => undefined)
    throw new Error(
      `could not start a private PostgreSQL cluster with ${bin}: ${(error as Error).message}\n${output.trim().split('\n').slice(-15).join('\n')}`,
      { cause: error },
    )
  }
}

function serverAt(url: string, owned: boolean, stopServer: () => Promise<void>): PostgresServer {
  const admin = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 })
  admin.on('error', () => {})
  const made = new Set<string>()
  let stopping: Promise<void> | undefined
  const server: PostgresServer = {
    url,
    owned,
    async createDatabase() {
      const name = `signalbox_test_${randomBytes(6).toString('hex')}`
      await admin.query(`CREATE DATABASE ${name}`)
      made.add(name)
      const databaseUrl = new URL(url)
      databaseUrl.pathname = `/${name}`
      return databaseUrl.toString()
    },
    async dropDatabase(databaseUrl) {
      const name = new URL(databaseUrl).pathname.slice(1)
      if (!made.has(name)) throw new Error(`database ${name} was not made by this server`)
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      made.delete(name)
    },
    stop() {
      stopping ??= (async () => {
        try {
          if (!owned) {
            for (const name of made)
              await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
          }
        } finally {
          await admin.end()
          await stopServer()
        }
      })()
      return stopping
    },
  }
  return server
}

/** The folder of initdb and pg_ctl: `SIGNALBOX_POSTGRES_BIN`, or the newest Debian package's. */
function binFolder(env: NodeJS.ProcessEnv): string {
  if (env.SIGNALBOX_POSTGRES_BIN) return env.SIGNALBOX_POSTGRES_BIN
  const debian = '/usr/lib/postgresql'
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((version) => existsSync(join(debian, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  const [newest] = versions
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL is not installed: no /usr/lib/postgresql/<version>/bin/initdb. Install it (apt-get install postgresql), set SIGNALBOX_POSTGRES_BIN to the folder of initdb and pg_ctl, or name a server with SIGNALBOX_TEST_POSTGRES_URL.',
    )
  }
  return join(debian, newest, 'bin')
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all(
    ['-u', '-g'].map(async (flag) =>
      Number((await execFileAsync('id', [flag, user])).stdout.trim()),
    ),
  )
  if (uid === undefined || gid === undefined || Number.isNaN(uid) || Number.isNaN(gid)) {
    throw new Error(`no user ${user}: the postgresql package makes it`)
  }
  return { uid, gid }
}

/** A port on 127.0.0.1 that nothing listened on a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
