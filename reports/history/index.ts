export {
  HistorySchemaError,
  HistoryUnavailableError,
  RunConflictError,
  SignoffRefusedError,
} from './HistoryError.js'
export type { HistoryStore } from './HistoryStore.js'
export { defaultHistoryFile, openHistoryStore } from './HistoryStoreSpec.js'
export type { PostgresHistoryStore, PostgresHistoryStoreOptions } from './PostgresHistoryStore.js'
export * from './Records.js'
export type { SqliteHistoryStore, SqliteHistoryStoreOptions } from './SqliteHistoryStore.js'
