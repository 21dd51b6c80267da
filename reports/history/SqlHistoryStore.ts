import {
  checkSchema,
  digestOfJson,
  InputError,
  Results,
  type TestStatus,
} from '../../core/index.js'
import { RunConflictError, SignoffRefusedError } from './HistoryError.js'
import type { HistoryStore } from './HistoryStore.js'
import {
  type FlakyTest,
  RunFilter,
  type RunMeta,
  type RunSummary,
  type SaveRunInput,
  Signoff,
  type StoredRun,
  type StripOutcome,
  type TestOutcome,
  type TestStats,
  TestStatsFilter,
  type TokenRecord,
  TokenScope,
} from './Records.js'
import {
  failingStatuses,
  flakyOf,
  metaOf,
  outcomeColumns,
  outcomeOf,
  runColumns,
  runRowsOf,
  signoffOf,
  summaryOf,
  testStatsOf,
  tokenRecordOf,
  verdictColumns,
} from './Rows.js'
import { joinSql, listSql, rawSql, type Sql, sql, whereSql } from './Sql.js'
import type { Column, Row, SqlDatabase, SqlSession } from './SqlDatabase.js'
import { hashToken, isTokenShaped, newToken, newTokenId } from './Tokens.js'

/** Runs a list shows when the filter says nothing. */
const defaultRunLimit = 50
/** Outcomes a test's history shows when the caller says nothing. */
const defaultHistoryLimit = 20
/** Flaky groups listed when the caller says nothing. */
const defaultFlakyLimit = 50
/** Runs test stats read when the caller says nothing. */
const defaultStatsRuns = 50
/** The most rows one history or flaky-tests answer holds. */
const maxLimit = 500
/** The most tests one `historyStrips` call reads. */
const maxTestHistories = 100

const runSelect = rawSql(runColumns.map((column) => `r.${column.name}`).join(', '))
// Written out, not bound: a database uses the partial index of failures only
// for a query whose condition is the index's own, to the letter.
const failing = rawSql(failingStatuses.map((status) => `'${status}'`).join(', '))

/**
 * The history store over any SQL database (`SqlDatabase`): the tables, the
 * queries and the records, written once for SQLite and PostgreSQL. A run is
 * saved in one transaction — its row, its verdicts, its test outcomes — so a
 * crash leaves it whole or absent.
 */
export class SqlHistoryStore implements HistoryStore {
  /** The database as errors name it: the file, or the URL without credentials. */
  readonly source: string
  readonly #db: SqlDatabase
  #closing: Promise<void> | undefined

  protected constructor(db: SqlDatabase) {
    this.#db = db
    this.source = db.source
  }

  async saveRun(results: Results, input: SaveRunInput): Promise<RunSummary> {
    // Validated, so the digest is of the results in schema order, as results.json holds them.
    const checked = checkSchema(Results, results)
    if (!checked.success) {
      throw new InputError(`the results of run "${results.run?.id ?? '?'}" are not valid results`, {
        source: results.run?.id ?? 'results',
        issues: checked.issues,
      })
    }
    const valid = checked.data
    // One serialisation: what the row holds is what the digest is of.
    const resultsText = JSON.stringify(valid)
    const meta: RunMeta = {
      digest: digestOfJson(resultsText),
      savedAt: new Date().toISOString(),
      source: input.source,
      ...(input.release === undefined ? {} : { release: input.release }),
      ...(input.branch === undefined ? {} : { branch: input.branch }),
    }
    const rows = runRowsOf(valid, meta)
    const id = valid.run.id
    return this.#db.transaction(async (transaction) => {
      const inserted = await transaction.query(
        sql`INSERT INTO runs (${columnNames(runColumns)}, results) VALUES (${listSql([...rows.run, resultsText])}) ON CONFLICT (id) DO NOTHING RETURNING id`,
      )
      if (inserted.length === 0) {
        const stored = await this.#summary(transaction, id)
        if (stored.meta.digest === meta.digest) return stored
        throw new RunConflictError(`run "${id}" is stored already, with other results`, {
          source: id,
          details: `stored: ${stored.meta.digest} (saved ${stored.meta.savedAt})\nsaving: ${meta.digest}`,
          hint: 'A stored run never changes. Save the same results again, or give other results their own run id.',
        })
      }
      await transaction.insertRows('verdicts', verdictColumns, rows.verdicts)
      await transaction.insertRows('outcomes', outcomeColumns, rows.outcomes)
      return this.#summary(transaction, id)
    })
  }

  async getRun(id: string): Promise<StoredRun | undefined> {
    const [row] = await this.#db.query(
      sql`SELECT ${runSelect}, r.results FROM runs r WHERE r.id = ${id}`,
    )
    if (row === undefined) return undefined
    return {
      results: JSON.parse(String(row.results)) as Results,
      meta: metaOf(row),
    }
  }

  async listRuns(filter: RunFilter = {}): Promise<RunSummary[]> {
    const checked = checkSchema(RunFilter, filter)
    if (!checked.success) {
      throw new InputError('the run filter is not valid', {
        source: 'run filter',
        issues: checked.issues,
      })
    }
    const { gate, decision, devnet, release, branch, before, limit } = checked.data
    const conditions: Sql[] = []
    if (gate !== undefined || decision !== undefined) {
      conditions.push(
        sql`EXISTS (SELECT 1 FROM verdicts v WHERE v.run_id = r.id${gate === undefined ? rawSql('') : sql` AND v.gate = ${gate}`}${decision === undefined ? rawSql('') : sql` AND v.decision = ${decision}`})`,
      )
    }
    if (devnet !== undefined) {
      conditions.push(sql`(r.devnet_name = ${devnet} OR r.devnet_backend = ${devnet})`)
    }
    if (release !== undefined) conditions.push(sql`r.release = ${release}`)
    if (branch !== undefined) conditions.push(sql`r.branch = ${branch}`)
    if (before !== undefined) {
      const beforeMs = Date.parse(before)
      if (Number.isNaN(beforeMs)) {
        throw new InputError('the run filter is not valid', {
          source: 'run filter',
          issues: [
            { path: 'before', message: `expected an ISO time, got ${JSON.stringify(before)}` },
          ],
        })
      }
      conditions.push(sql`r.started_ms < ${beforeMs}`)
    }
    return this.#summaries(this.#db, conditions, limit ?? defaultRunLimit)
  }

  async previousRun(runId: string, gate: string): Promise<RunSummary | undefined> {
    const [previous] = await this.#summaries(
      this.#db,
      [
        sql`EXISTS (SELECT 1 FROM verdicts v WHERE v.run_id = r.id AND v.gate = ${gate})`,
        // Ties on the start time go by id, so every run has one previous run.
        sql`(r.started_ms, r.id) < (SELECT s.started_ms, s.id FROM runs s WHERE s.id = ${runId})`,
      ],
      1,
    )
    return previous
  }

  async testHistory(
    testId: string,
    options: { limit?: number; gate?: string; devnet?: string } = {},
  ): Promise<TestOutcome[]> {
    const limit = limitOf(options.limit, defaultHistoryLimit, 'testHistory')
    const devnet =
      options.devnet === undefined ? rawSql('') : sql` AND r.devnet_name = ${options.devnet}`
    // Walk the runs newest first (of the gate, where one is named) and look the
    // test up in each: CROSS JOIN keeps SQLite to that order.
    const runs = options.gate === undefined ? sql`runs r` : sql`verdicts v CROSS JOIN runs r`
    const gate =
      options.gate === undefined
        ? rawSql('')
        : sql` AND v.gate = ${options.gate} AND r.id = v.run_id`
    const order =
      options.gate === undefined
        ? rawSql('r.started_ms DESC, r.id DESC, o.ordinal DESC')
        : rawSql('v.started_ms DESC, v.run_id DESC, o.ordinal DESC')
    const rows = await this.#db.query(
      sql`SELECT o.run_id, r.started_at, o.status, o.duration_ms, o.git_commit, o.devnet, o.gates
        FROM ${runs} CROSS JOIN outcomes o
        WHERE o.run_id = r.id AND o.test_id = ${testId}${gate}${devnet}
        ORDER BY ${order} LIMIT ${limit}`,
    )
    return rows.map(outcomeOf)
  }

  async historyStrips(
    testIds: readonly string[],
    options: { limit?: number } = {},
  ): Promise<Map<string, StripOutcome[]>> {
    const limit = limitOf(options.limit, defaultHistoryLimit, 'historyStrips')
    const ids = [...new Set(testIds)]
    if (ids.length > maxTestHistories) {
      throw new InputError(`cannot read the histories of ${ids.length} tests at once`, {
        hint: `ask for at most ${maxTestHistories}`,
      })
    }
    const strips = new Map<string, StripOutcome[]>(ids.map((id) => [id, []]))
    if (ids.length === 0) return strips
    // The last `limit` outcomes of a test that has as many in the newest
    // `limit` runs are all there: most tests of a page. Read those runs'
    // outcomes of every asked test at once (primary-key lookups, no sort),
    // then look up one by one the tests with fewer there.
    const recent = await this.#db.query(
      sql`SELECT r.id, r.started_at FROM runs r ORDER BY r.started_ms DESC, r.id DESC LIMIT ${limit}`,
    )
    const runs = new Map(
      recent.map((row, rank) => [String(row.id), { rank, startedAt: String(row.started_at) }]),
    )
    const rows =
      runs.size === 0
        ? []
        : await this.#db.query(
            sql`SELECT o.run_id, o.test_id, o.ordinal, o.status FROM outcomes o
              WHERE o.run_id IN (${listSql([...runs.keys()])}) AND o.test_id IN (${listSql(ids)})`,
          )
    const found = new Map<string, Array<{ rank: number; ordinal: number; outcome: StripOutcome }>>()
    for (const row of rows) {
      const runId = String(row.run_id)
      const run = runs.get(runId)
      if (run === undefined) continue
      const testId = String(row.test_id)
      const outcomes = found.get(testId) ?? []
      if (outcomes.length === 0) found.set(testId, outcomes)
      outcomes.push({
        rank: run.rank,
        ordinal: Number(row.ordinal),
        outcome: { runId, startedAt: run.startedAt, status: String(row.status) as TestStatus },
      })
    }
    const short: string[] = []
    for (const id of ids) {
      const outcomes = found.get(id) ?? []
      if (outcomes.length < limit) short.push(id)
      else {
        outcomes.sort((a, b) => a.rank - b.rank || b.ordinal - a.ordinal)
        strips.set(
          id,
          outcomes.slice(0, limit).map(({ outcome }) => outcome),
        )
      }
    }
    for (const [id, strip] of await this.#stripsOneByOne(short, limit)) strips.set(id, strip)
    return strips
  }

  /** Each test's strip as `testHistory` reads its history: on PostgreSQL in one statement, one round trip. */
  async #stripsOneByOne(
    ids: readonly string[],
    limit: number,
  ): Promise<Map<string, StripOutcome[]>> {
    const strips = new Map<string, StripOutcome[]>(ids.map((id) => [id, []]))
    if (ids.length === 0) return strips
    if (!this.#db.lateralJoins) {
      // In-process SQLite answers each lookup in microseconds: no round trip to save.
      for (const id of ids) {
        const history = await this.testHistory(id, { limit })
        strips.set(
          id,
          history.map(({ runId, startedAt, status }) => ({ runId, startedAt, status })),
        )
      }
      return strips
    }
    const wanted = joinSql(
      ids.map((id) => sql`(${id})`),
      ', ',
    )
    const rows = await this.#db.query(
      sql`SELECT t.test_id, h.* FROM (VALUES ${wanted}) AS t(test_id) CROSS JOIN LATERAL (
          SELECT o.run_id, r.started_at, r.started_ms, o.ordinal, o.status
          FROM runs r CROSS JOIN outcomes o
          WHERE o.run_id = r.id AND o.test_id = t.test_id
          ORDER BY r.started_ms DESC, r.id DESC, o.ordinal DESC LIMIT ${limit}
        ) h
        ORDER BY t.test_id, h.started_ms DESC, h.run_id DESC, h.ordinal DESC`,
    )
    for (const row of rows) {
      strips.get(String(row.test_id))?.push({
        runId: String(row.run_id),
        startedAt: String(row.started_at),
        status: String(row.status) as TestStatus,
      })
    }
    return strips
  }

  async flakyTests(options: { limit?: number; owner?: string } = {}): Promise<FlakyTest[]> {
    const ownerOf = (alias: string) =>
      options.owner === undefined ? rawSql('') : sql` AND ${rawSql(alias)}.owner = ${options.owner}`
    // Only groups with a failure can be flaky: start from the (small) index of
    // failures, then read each group's outcomes in the runs of its devnet and
    // commit. CROSS JOIN keeps SQLite to that order; PostgreSQL plans from its
    // statistics.
    const rows = await this.#db.query(
      sql`WITH failing AS (
          SELECT DISTINCT test_id, devnet, git_commit FROM outcomes x
          WHERE status IN (${failing}) AND git_commit IS NOT NULL${ownerOf('x')}
        )
        SELECT o.test_id, v.gate, o.devnet, o.git_commit,
          COUNT(*) FILTER (WHERE o.status = 'passed') AS passed,
          COUNT(*) FILTER (WHERE o.status IN (${failing})) AS failed,
          MAX(r.started_ms) AS last_ms, MAX(r.started_at) AS last_seen,
          MAX(o.owner) AS owner, MAX(o.feature) AS feature
        FROM failing f
        CROSS JOIN runs r
        CROSS JOIN outcomes o
        JOIN verdicts v ON v.run_id = o.run_id
        WHERE r.devnet_name = f.devnet AND r.git_commit = f.git_commit
          AND o.run_id = r.id AND o.test_id = f.test_id${ownerOf('o')}
        GROUP BY o.test_id, v.gate, o.devnet, o.git_commit
        HAVING COUNT(*) FILTER (WHERE o.status = 'passed') > 0
        ORDER BY last_ms DESC, o.test_id, v.gate
        LIMIT ${limitOf(options.limit, defaultFlakyLimit, 'flakyTests')}`,
    )
    return rows.map(flakyOf)
  }

  async testStats(filter: TestStatsFilter = {}): Promise<TestStats[]> {
    const checked = checkSchema(TestStatsFilter, filter)
    if (!checked.success) {
      throw new InputError('the test stats filter is not valid', {
        source: 'test stats filter',
        issues: checked.issues,
      })
    }
    const { runs = defaultStatsRuns, gate, otherCommitThan } = checked.data
    const commit =
      otherCommitThan === undefined
        ? rawSql('')
        : sql` AND s.git_commit IS NOT NULL AND s.git_commit <> ${otherCommitThan}`
    // The newest runs first (through the index by start, or by gate), then
    // their outcomes by the outcomes' key, which starts with the run.
    const newest =
      gate === undefined
        ? sql`SELECT s.id, s.started_at, s.started_ms FROM runs s WHERE 1 = 1${commit}
            ORDER BY s.started_ms DESC, s.id DESC LIMIT ${runs}`
        : sql`SELECT s.id, s.started_at, s.started_ms FROM verdicts v CROSS JOIN runs s
            WHERE v.gate = ${gate} AND s.id = v.run_id${commit}
            ORDER BY v.started_ms DESC, v.run_id DESC LIMIT ${runs}`
    const rows = await this.#db.query(
      sql`SELECT o.test_id, o.status, o.duration_ms, o.feature, o.owner, r.started_at
        FROM (${newest}) r CROSS JOIN outcomes o
        WHERE o.run_id = r.id
        ORDER BY r.started_ms DESC, r.id DESC, o.ordinal DESC`,
    )
    return testStatsOf(rows)
  }

  async saveSignoff(signoff: Signoff): Promise<void> {
    const checked = checkSchema(Signoff, signoff)
    if (!checked.success) {
      throw new InputError('the sign-off is not valid', {
        source: `sign-off of run "${signoff.runId}"`,
        issues: checked.issues,
      })
    }
    const { runId, gate, by, at, digest, decision, notes } = checked.data
    await this.#db.transaction(async (transaction) => {
      const [run] = await transaction.query(sql`SELECT digest FROM runs WHERE id = ${runId}`)
      const refuse = (shortMessage: string, hint: string) =>
        new SignoffRefusedError(shortMessage, { source: runId, hint })
      if (run === undefined) {
        throw refuse(
          `there is no stored run "${runId}" to sign off`,
          'Sign off a run the dashboard lists.',
        )
      }
      if (run.digest !== digest) {
        throw refuse(
          `the sign-off names other results than run "${runId}" (${digest}; stored ${String(run.digest)})`,
          'Sign off the results as they were judged: the stored run and its digest.',
        )
      }
      const [verdict] = await transaction.query(
        sql`SELECT decision FROM verdicts WHERE run_id = ${runId} AND gate = ${gate}`,
      )
      if (verdict === undefined) {
        throw refuse(
          `run "${runId}" was not judged against gate "${gate}"`,
          'Sign off one of the gates the run was judged against.',
        )
      }
      if (verdict.decision !== 'promote') {
        throw refuse(
          `run "${runId}" is not promotable on gate "${gate}" (its verdict is ${String(verdict.decision)})`,
          'Only a run whose verdict is promote can be signed off.',
        )
      }
      await transaction.query(
        sql`INSERT INTO signoffs (run_id, gate, signed_by, signed_at, digest, decision, notes)
          VALUES (${listSql([runId, gate, by, at, digest, decision, notes ?? null])})
          ON CONFLICT DO NOTHING`,
      )
    })
  }

  async signoffsOf(runId: string): Promise<Signoff[]> {
    const rows = await this.#db.query(
      sql`SELECT run_id, gate, signed_by, signed_at, digest, notes FROM signoffs
        WHERE run_id = ${runId} ORDER BY signed_at, gate, signed_by`,
    )
    return rows.map(signoffOf)
  }

  async createToken(
    name: string,
    scopes: readonly TokenScope[],
  ): Promise<{ token: string; record: TokenRecord }> {
    const issues = []
    if (name.trim() === '') issues.push({ path: 'name', message: 'a token needs a name' })
    if (scopes.length === 0) issues.push({ path: 'scopes', message: 'a token needs a scope' })
    for (const [index, scope] of scopes.entries()) {
      if (!TokenScope.safeParse(scope).success) {
        issues.push({
          path: `scopes[${index}]`,
          message: `expected one of ${TokenScope.options.join(' | ')}, got ${JSON.stringify(scope)}`,
        })
      }
    }
    if (issues.length > 0)
      throw new InputError('the token cannot be made', { source: 'token', issues })
    const token = newToken()
    const record: TokenRecord = {
      id: newTokenId(),
      name: name.trim(),
      scopes: TokenScope.options.filter((scope) => scopes.includes(scope)),
      createdAt: new Date().toISOString(),
    }
    await this.#db.query(
      sql`INSERT INTO tokens (id, name, scopes, token_hash, created_at)
        VALUES (${listSql([record.id, record.name, JSON.stringify(record.scopes), hashToken(token), record.createdAt])})`,
    )
    return { token, record }
  }

  async verifyToken(token: string): Promise<TokenRecord | undefined> {
    if (!isTokenShaped(token)) return undefined
    const [row] = await this.#db.query(
      sql`SELECT id, name, scopes, created_at FROM tokens WHERE token_hash = ${hashToken(token)}`,
    )
    return row === undefined ? undefined : tokenRecordOf(row)
  }

  close(): Promise<void> {
    this.#closing ??= this.#db.close()
    return this.#closing
  }

  /** The summary of a run that is known to be stored. */
  async #summary(session: SqlSession, id: string): Promise<RunSummary> {
    const [summary] = await this.#summaries(session, [sql`r.id = ${id}`], 1)
    if (summary === undefined) throw new Error(`run "${id}" vanished inside its own transaction`)
    return summary
  }

  /** Summaries of the runs matching `conditions`, newest first, with their verdicts. */
  async #summaries(
    session: SqlSession,
    conditions: readonly Sql[],
    limit: number,
  ): Promise<RunSummary[]> {
    const runs = await session.query(
      sql`SELECT ${runSelect} FROM runs r ${whereSql(conditions)}
        ORDER BY r.started_ms DESC, r.id DESC LIMIT ${limit}`,
    )
    if (runs.length === 0) return []
    const verdicts = await session.query(
      sql`SELECT run_id, gate, decision, sev0, sev1, sev2, sev3 FROM verdicts
        WHERE run_id IN (${listSql(runs.map((run) => run.id))}) ORDER BY run_id, ordinal`,
    )
    const verdictsOf = new Map<unknown, Row[]>()
    for (const verdict of verdicts) {
      const list = verdictsOf.get(verdict.run_id) ?? []
      list.push(verdict)
      verdictsOf.set(verdict.run_id, list)
    }
    return runs.map((run) => summaryOf(run, verdictsOf.get(run.id) ?? []))
  }
}

function columnNames(columns: readonly Column[]): Sql {
  return rawSql(columns.map((column) => column.name).join(', '))
}

/** A caller's limit, checked: a whole number from 1 to 500. */
function limitOf(limit: number | undefined, fallback: number, what: string): number {
  if (limit === undefined) return fallback
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new InputError(`the limit of ${what} is not valid`, {
      source: what,
      issues: [
        { path: 'limit', message: `expected a whole number from 1 to ${maxLimit}, got ${limit}` },
      ],
    })
  }
  return limit
}
