// `@stack/db`: the schema, the two drivers behind one Database type, migrations and the NoteService.
export { type Change, publish } from './changes/change.js';
export type { ChangeFeed, ChangeFeedHealth, ChangeSubscriber } from './changes/change-feed.js';
export { LISTENER_APPLICATION_NAME } from './changes/pg-change-feed.js';
export type { Database, Executor, Tx } from './database.js';
export { migratePglite, migratePostgres, MIGRATIONS_FOLDER } from './migrations.js';
export * from './mirror/index.js';
export { DrizzleNoteService } from './notes/drizzle-note-service.js';
// The service's own statements, for the bench's floor (a bare route running the same queries).
export { insertNote, selectOne, selectPage } from './notes/note-queries.js';
export {
  type DatabaseOptions,
  databaseOptionsFromEnv,
  type OpenDatabase,
  openDatabase,
  PGLITE_MEMORY,
  type PoolStats,
} from './open-database.js';
export { isDatabaseOutage } from './outage.js';
export { DataDirInUseError } from './pglite-lock.js';
export { checkDatabase, type DatabaseReadiness } from './readiness.js';
export * as schema from './schema/index.js';
export { seedDevelopmentData } from './seed/dev-seed.js';
