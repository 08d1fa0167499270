import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per webhook message applied (Svix's `svix-id`), inserted in the same transaction as the
 * message's mirror writes: a redelivery finds its id taken and changes nothing. Svix retries for
 * about 28 hours and replays keep the id, so rows are kept; prune ones older than a month at will.
 */
export const webhookClaims = pgTable('webhook_claims', {
  svixId: text('svix_id').primaryKey(),
  eventType: text('event_type').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
