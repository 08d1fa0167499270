import { sql } from 'drizzle-orm';

/** What an upsert did: `unchanged` when the stored row is newer, equal, or a tombstone. */
export type WriteOutcome = 'inserted' | 'updated' | 'unchanged';

/** In an upsert's RETURNING: true for a row the statement inserted, false for one it updated. */
export const wasInserted = sql<boolean>`(xmax = 0)`;

export function outcomeOf(rows: { inserted: boolean }[]): WriteOutcome {
  if (rows.length === 0) return 'unchanged';
  return rows[0]!.inserted ? 'inserted' : 'updated';
}
