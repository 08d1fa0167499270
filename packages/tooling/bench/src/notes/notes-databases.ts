import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { openDatabase } from '@stack/db';
import { startThrowawayPostgres } from '@stack/test-kit/postgres';

import { seedNotes } from './notes-fixture.js';

export const NOTES_DATABASES = ['pglite', 'postgres'] as const;
export type NotesDatabaseKind = (typeof NOTES_DATABASES)[number];

/** One seeded database the floor and our server take turns on; `env` points a server at it. */
export interface NotesDatabase {
  kind: NotesDatabaseKind;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A PGlite directory (not memory://: both servers must open the same data, one after the other,
 * which the directory's lock file allows), migrated and seeded here, then closed.
 */
async function pgliteDatabase(orgId: string, adaId: string): Promise<NotesDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-bench-pglite-'));
  const dataDir = path.join(dir, 'pglite');
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await seedNotes(database.db, orgId, adaId);
  } finally {
    await database.close();
  }
  return {
    kind: 'pglite',
    env: { PGLITE_DIR: dataDir },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A throwaway PostgreSQL 15 (unix socket, fsync off: see @stack/test-kit/postgres), started by the
 * harness, so it runs on the load generator's CPU, never the server's.
 */
async function postgresDatabase(orgId: string, adaId: string): Promise<NotesDatabase> {
  const server = await startThrowawayPostgres();
  try {
    const url = await server.createDatabase('bench');
    const database = await openDatabase({ kind: 'postgres', url, poolMax: 2 });
    try {
      await seedNotes(database.db, orgId, adaId);
      // What autovacuum does within a minute of the seed; a run must not depend on its timing.
      await database.db.execute('analyze');
    } finally {
      await database.close();
    }
    return { kind: 'postgres', env: { DATABASE_URL: url }, close: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export function openNotesDatabase(kind: NotesDatabaseKind, orgId: string, adaId: string): Promise<NotesDatabase> {
  return kind === 'pglite' ? pgliteDatabase(orgId, adaId) : postgresDatabase(orgId, adaId);
}
