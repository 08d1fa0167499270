import { sql } from 'drizzle-orm';

import type { NoteChange, NoteChangeEvent } from '@stack/contracts';

import type { Executor } from '../database.js';

/** An outbox row as streams pass it around: the id as a number (for ordering) and the event as sent. */
export interface StoredNoteEvent {
  seq: number;
  event: NoteChangeEvent;
}

/** Where a scope's outbox stands, read in the same snapshot as a page of its events. */
export interface ScopeEvents {
  /** The scope's newest event id (0: none yet). */
  head: number;
  /** The highest id retention deleted from this scope (0: none); resuming below it needs a `reset`. */
  horizon: number;
  /** The highest id ever issued, in any scope: an id above it was never ours. */
  issued: number;
  /** The scope's events above `after`, oldest first, at most `limit`. */
  events: StoredNoteEvent[];
}

type Row = { head: string; horizon: string; issued: string; id: string | null; change: NoteChange | null };

/**
 * One statement, so one snapshot: the scope's head, its retention horizon and the highest id
 * issued, with a page of its events above `after`. Ids travel as text (bigint's driver mappings
 * differ); the page is at most `limit` rows, so one bigint-to-number conversion each is nothing.
 */
export async function readScopeEvents(ex: Executor, key: string, after: number, limit: number): Promise<ScopeEvents> {
  const result = await ex.execute(sql`
    select m.head, m.horizon, m.issued, e.id::text as id, e.change
    from (
      select
        (select coalesce(max(id), 0) from note_events where scope = ${key})::text as head,
        (select coalesce(max(pruned_through), 0) from note_event_horizons where scope = ${key})::text as horizon,
        coalesce(pg_sequence_last_value(pg_get_serial_sequence('note_events', 'id')::regclass), 0)::text as issued
    ) m
    left join lateral (
      select id, change from note_events where scope = ${key} and id > ${after} order by id limit ${limit}
    ) e on true
    order by e.id`);
  // Both drivers answer with `{ rows }`; the shared Database type leaves the result untyped.
  const rows = (result as { rows: Row[] }).rows;
  const first = rows[0]!;
  const events: StoredNoteEvent[] = [];
  for (const row of rows) {
    if (row.id !== null && row.change !== null)
      events.push({ seq: Number(row.id), event: { id: row.id, change: deepFreeze(row.change) } });
  }
  return { head: Number(first.head), horizon: Number(first.horizon), issued: Number(first.issued), events };
}

/**
 * A change read here is handed to every stream of its scope on this instance: frozen, no stream can
 * alter what the others send, and the SSE writer (packages/nest-trpc) serializes a frozen value
 * once for all of them instead of once per stream.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
