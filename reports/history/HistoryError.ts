import { InputError } from '../../core/index.js'

/**
 * Other results under the id of a stored run. A stored run never changes:
 * saving the same results again is a no-op, anything else is refused.
 */
export class RunConflictError extends InputError {
  override name = 'RunConflictError'
}

/**
 * The history store cannot be had: a database file that cannot be opened or
 * is not a SQLite database, a PostgreSQL server that cannot be reached or
 * refuses the credentials, a database locked for too long. Names the file, or
 * the URL without its credentials.
 */
export class HistoryUnavailableError extends InputError {
  override name = 'HistoryUnavailableError'
}

/** The database was written by a newer signalbox (its schema version is unknown to this one). */
export class HistorySchemaError extends InputError {
  override name = 'HistorySchemaError'
}

/** A sign-off that names no stored run, another gate than the run's, or other results than the stored ones. */
export class SignoffRefusedError extends InputError {
  override name = 'SignoffRefusedError'
}
