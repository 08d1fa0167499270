import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

import type { NoteChange } from '@stack/contracts';

/**
 * The notes' outbox: one row per committed change of a scope's notes, written in the change's own
 * transaction (so it exists exactly when the change does), read by `note.changes` to deliver live
 * events and to replay them after `lastEventId`. `scope` is `org:<id>` or `user:<id>`. Within one
 * scope, writers hold the scope's lock from taking their id until they commit, so ids commit in
 * order there and "every id above n" never skips a late-committing row (see note-event-writes.ts).
 * `change` is the event as the stream sends it (the note as it was then, authors included).
 */
export const noteEvents = pgTable(
  'note_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scope: text('scope').notNull(),
    change: jsonb('change').$type<NoteChange>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('note_events_scope_idx').on(t.scope, t.id),
    // Retention finds what is old by age without reading every scope.
    index('note_events_created_idx').on(t.createdAt),
  ],
);

/**
 * Per scope, the highest event id retention has deleted: a client resuming below it may have
 * missed events, so it gets a `reset` (deleted in the same transaction as the events).
 */
export const noteEventHorizons = pgTable('note_event_horizons', {
  scope: text('scope').primaryKey(),
  prunedThrough: bigint('pruned_through', { mode: 'number' }).notNull(),
});
