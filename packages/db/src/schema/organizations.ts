import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A local copy of Clerk organizations, keyed by Clerk's organization id (the webhook mirror):
 * `updated_at` is Clerk's, a delete is a tombstone (`deleted_at`) that no later event undoes.
 */
export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  slug: text('slug'),
  name: text('name').notNull(),
  imageUrl: text('image_url'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
});

/**
 * Who belongs to which organization, with Clerk's role key: one row per (org, user), naming the
 * Clerk membership (`clerk_id`, `orgmem_…`) it mirrors. A removed membership is a tombstone for
 * that Clerk id; re-adding the user is a new Clerk membership, which revives the row. No foreign
 * keys: mirror events arrive in any order, and the session token (not this table) authorizes calls.
 */
export const memberships = pgTable(
  'memberships',
  {
    orgId: text('org_id').notNull(),
    userId: text('user_id').notNull(),
    clerkId: text('clerk_id'),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);
