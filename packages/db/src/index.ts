// `@stack/db`: the schema, the two drivers behind one Database type, migrations and the NoteService.
export type { Database, Executor, Tx } from './database.js';
export { migratePglite, migratePostgres, MIGRATIONS_FOLDER } from './migrations.js';
export * from './mirror/index.js';
export { DrizzleNoteService } from './notes/drizzle-note-service.js';
export {
  type DatabaseOptions,
  databaseOptionsFromEnv,
  type OpenDatabase,
  openDatabase,
  PGLITE_MEMORY,
} from './open-database.js';
export { isDatabaseOutage } from './outage.js';
export { DataDirInUseError } from './pglite-lock.js';
export * as schema from './schema/index.js';
export { seedDevelopmentData } from './seed/dev-seed.js';
