import type { NoteScope } from '@stack/contracts';
import { databaseOptionsFromEnv, type OpenDatabase, openDatabase } from '@stack/db';

/** A variable the harness always sets: missing means the process was not started by it. */
export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

export interface NotesServerSetup {
  readonly database: OpenDatabase;
  readonly authorId: string;
  /** The organization every case reads and writes. */
  readonly scope: NoteScope;
}

/**
 * What the floor and the tRPC reference share: the database from DATABASE_URL (with
 * DATABASE_POOL_MAX) or PGLITE_DIR, read exactly as the server reads them, and the case's
 * organization and author from the harness (NOTES_ORG_ID, NOTES_AUTHOR_ID).
 */
export async function notesServerSetup(): Promise<NotesServerSetup> {
  const orgId = required('NOTES_ORG_ID');
  const authorId = required('NOTES_AUTHOR_ID');
  const database = await openDatabase({ ...databaseOptionsFromEnv(process.env), migrate: false });
  return { database, authorId, scope: { kind: 'org', orgId, userId: authorId } };
}
