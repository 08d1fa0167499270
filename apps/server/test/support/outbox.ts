import type { NoteChange } from '@stack/contracts';
import { type Database, schema } from '@stack/db';

/**
 * A scope's outbox as stored, oldest first: what a test compares a stream's events with. Read
 * whole and filtered here (a test's outbox holds a few hundred rows at most), so the test needs
 * no query builder of its own.
 */
export async function outboxOf(db: Database, scopeKey: string): Promise<{ id: number; change: NoteChange }[]> {
  const { noteEvents } = schema;
  const rows = await db
    .select({ id: noteEvents.id, scope: noteEvents.scope, change: noteEvents.change })
    .from(noteEvents)
    .orderBy(noteEvents.id);
  return rows.filter((row) => row.scope === scopeKey).map(({ id, change }) => ({ id, change }));
}
