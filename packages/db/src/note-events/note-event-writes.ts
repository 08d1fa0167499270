import { sql } from 'drizzle-orm';

import type { NoteChange, NoteScope } from '@stack/contracts';

import { notifyOf } from '../changes/change.js';
import type { Tx } from '../database.js';
import { noteEvents } from '../schema/note-events.js';
import { scopeKey } from './scope-key.js';

/**
 * Records `change` in the scope's outbox, inside the write's own transaction, and announces the
 * scope on the change bus (delivered only if the transaction commits).
 *
 * Sequence values commit out of order: writer A takes id 11, writer B id 12, B commits first, and a
 * reader that has delivered 12 and then asks for "above 12" never sees 11. So the scope's writers
 * take the scope's lock before their id and hold it until they commit: within one scope ids then
 * commit in order, and "every id above the last one delivered" is complete. Only the end of the
 * write is serialized (the note's own statements run before the lock), and only per scope; the
 * lock is taken after the note's row lock and nothing is locked after it, so no cycle can form.
 */
export async function recordNoteChange(tx: Tx, scope: NoteScope, change: NoteChange): Promise<void> {
  const key = scopeKey(scope);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`note-events:${key}`}, 0))`);
  // The row and its announcement in one round trip: this runs while the scope's writers wait.
  const inserted = tx
    .$with('inserted')
    .as(tx.insert(noteEvents).values({ scope: key, change }).returning({ id: noteEvents.id }));
  await tx
    .with(inserted)
    .select({ notified: notifyOf({ kind: 'notes', id: key }) })
    .from(inserted);
}
