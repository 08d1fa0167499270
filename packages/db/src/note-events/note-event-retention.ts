import { and, desc, eq, lt, lte, max, sql } from 'drizzle-orm';

import type { Database } from '../database.js';
import { noteEventHorizons, noteEvents } from '../schema/note-events.js';

export interface NoteEventRetention {
  /** Events younger than this are kept. */
  maxAgeMs: number;
  /** Each scope's newest events, this many, are kept whatever their age (at least 1). */
  keepPerScope: number;
}

/** The contract's: at least 24 hours, or the last 10,000 events of each scope. */
export const NOTE_EVENT_RETENTION: NoteEventRetention = { maxAgeMs: 24 * 60 * 60 * 1000, keepPerScope: 10_000 };

/**
 * Deletes the events retention no longer keeps: older than `maxAgeMs` *and* not among the newest
 * `keepPerScope` of their scope. Per scope, one transaction deletes them and raises the scope's
 * horizon, so a client resuming below it gets a `reset` instead of a silent gap. Instances may run
 * it at the same time: each step is idempotent. Returns the number of events deleted.
 */
export async function pruneNoteEvents(
  db: Database,
  retention: NoteEventRetention = NOTE_EVENT_RETENTION,
): Promise<number> {
  const before = new Date(Date.now() - retention.maxAgeMs);
  const keep = Math.max(1, retention.keepPerScope);
  const scopes = await db
    .selectDistinct({ scope: noteEvents.scope })
    .from(noteEvents)
    .where(lt(noteEvents.createdAt, before));
  let deleted = 0;
  for (const { scope } of scopes) {
    deleted += await db.transaction(async (tx) => {
      const oldest = tx
        .select({ id: max(noteEvents.id) })
        .from(noteEvents)
        .where(and(eq(noteEvents.scope, scope), lt(noteEvents.createdAt, before)));
      const pastKept = tx
        .select({ id: noteEvents.id })
        .from(noteEvents)
        .where(eq(noteEvents.scope, scope))
        .orderBy(desc(noteEvents.id))
        .offset(keep)
        .limit(1);
      // Both bounds must hold (least() would skip a null: a scope with fewer events than it keeps).
      const [row] = await tx
        .select({
          cutoff: sql<
            string | null
          >`case when (${pastKept}) is null then null else least((${oldest}), (${pastKept})) end::text`,
        })
        .from(sql`(select 1) as one`);
      if (!row?.cutoff) return 0;
      const cutoff = Number(row.cutoff);
      const gone = await tx
        .delete(noteEvents)
        .where(and(eq(noteEvents.scope, scope), lte(noteEvents.id, cutoff)))
        .returning({ id: noteEvents.id });
      await tx
        .insert(noteEventHorizons)
        .values({ scope, prunedThrough: cutoff })
        .onConflictDoUpdate({
          target: noteEventHorizons.scope,
          set: { prunedThrough: sql`greatest(${noteEventHorizons.prunedThrough}, excluded.pruned_through)` },
        });
      return gone.length;
    });
  }
  return deleted;
}
