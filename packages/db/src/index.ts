// `@stack/db`: the schema, the two drivers behind one Database type, migrations and the NoteService.
export { type Change, MAX_PAYLOAD_BYTES, publish, type UsageEntry } from './changes/change.js';
export type { ChangeFeed, ChangeFeedHealth, ChangeSubscriber } from './changes/change-feed.js';
export { LISTENER_APPLICATION_NAME } from './changes/pg-change-feed.js';
export type { Database, Executor, Tx } from './database.js';
export { migratePglite, migratePostgres, MIGRATIONS_FOLDER } from './migrations.js';
export * from './mirror/index.js';
export { NOTE_EVENT_RETENTION, type NoteEventRetention, pruneNoteEvents } from './note-events/note-event-retention.js';
export { NoteEventStream } from './note-events/note-event-stream.js';
export { NoteEventStreams } from './note-events/note-event-streams.js';
export { DrizzleNoteService } from './notes/drizzle-note-service.js';
// The service's own statements, for the bench's floor (a bare route running the same queries).
export { selectPage } from './notes/note-queries.js';
export { createNote } from './notes/note-writes.js';
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
export { loadRevocationFacts } from './revocations/load-revocations.js';
export * as schema from './schema/index.js';
export { seedDevelopmentData } from './seed/dev-seed.js';
