import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A local copy of Clerk organizations, keyed by Clerk's organization id (for the webhook mirror). */
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
 * Who belongs to which organization, with Clerk's role key. No foreign keys: mirror events may
 * arrive in any order, and the session token (not this table) is what authorizes a call.
 */
export const memberships = pgTable(
  'memberships',
  {
    orgId: text('org_id').notNull(),
    userId: text('user_id').notNull(),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);
