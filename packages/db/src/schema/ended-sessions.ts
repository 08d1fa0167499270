import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Clerk sessions that ended (`session.ended`, `.removed`, `.revoked` webhooks): their unexpired
 * tokens are refused on every instance. Sessions never come back, so a row is final. Only the
 * last days are loaded (see loadRevocationFacts); older rows may be pruned at will.
 */
export const endedSessions = pgTable(
  'ended_sessions',
  {
    sessionId: text('session_id').primaryKey(),
    userId: text('user_id').notNull(),
    /** Clerk's status: `ended`, `removed` or `revoked`. */
    status: text('status').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('ended_sessions_ended_at_idx').on(t.endedAt)],
);
