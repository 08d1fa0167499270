import type { Tx } from '../database.js';
import { endedSessions } from '../schema/ended-sessions.js';
import type { SessionEndedEvent } from './mirror-records.js';

/** Records an ended session; null when it was recorded before, else when it was (the database's clock). */
export async function recordEndedSession(tx: Tx, event: SessionEndedEvent): Promise<Date | null> {
  const rows = await tx
    .insert(endedSessions)
    .values({ sessionId: event.sessionId, userId: event.userId, status: event.status })
    .onConflictDoNothing({ target: endedSessions.sessionId })
    .returning({ endedAt: endedSessions.endedAt });
  return rows[0]?.endedAt ?? null;
}
