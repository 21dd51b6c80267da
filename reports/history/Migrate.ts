import { HistorySchemaError } from './HistoryError.js'
import { migrations, migrationsTable, schemaVersion } from './Schema.js'
import { sql } from './Sql.js'
import type { SqlDatabase } from './SqlDatabase.js'

/**
 * Brings a database to this signalbox's schema in one transaction: the
 * migrations it has not had run in order, each recorded in
 * `schema_migrations`. Idempotent; safe when several processes open the same
 * database at once (SQLite's write lock, PostgreSQL's advisory lock). A
 * database from a newer signalbox is refused, and nothing is written to it.
 * Returns the schema version.
 */
export async function migrate(db: SqlDatabase): Promise<number> {
  const latest = schemaVersion
  return db.transaction(async (transaction) => {
    if (db.migrationLock) await transaction.query(db.migrationLock)
    await transaction.exec(migrationsTable)
    const [row] = await transaction.query(
      sql`SELECT MAX(version) AS version FROM schema_migrations`,
    )
    const current = Number(row?.version ?? 0)
    if (current > latest) {
      throw new HistorySchemaError(
        `${db.source} was written by a newer signalbox (history schema version ${current}; this signalbox knows versions up to ${latest})`,
        {
          source: db.source,
          hint: 'Upgrade signalbox to read this history, or name another store with --store.',
        },
      )
    }
    for (const migration of migrations.filter((candidate) => candidate.version > current)) {
      await transaction.exec(migration.script)
      await transaction.query(
        sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${migration.version}, ${migration.name}, ${new Date().toISOString()})`,
      )
    }
    return Math.max(current, latest)
  })
}

/** `db`, migrated; closed when that fails, so a refused database is not left open. */
export async function migrated<Database extends SqlDatabase>(db: Database): Promise<Database> {
  try {
    await migrate(db)
    return db
  } catch (error) {
    await db.close()
    throw error
  }
}
