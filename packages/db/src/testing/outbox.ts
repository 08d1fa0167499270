import { asc, eq } from 'drizzle-orm';

import type { NoteChange } from '@stack/contracts';

import type { Database } from '../database.js';
import { noteEvents } from '../schema/note-events.js';

/** A scope's outbox as stored, oldest first: what a test compares a stream's events with. */
export function outboxOf(db: Database, scopeKey: string): Promise<{ id: number; change: NoteChange }[]> {
  return db
    .select({ id: noteEvents.id, change: noteEvents.change })
    .from(noteEvents)
    .where(eq(noteEvents.scope, scopeKey))
    .orderBy(asc(noteEvents.id));
}
