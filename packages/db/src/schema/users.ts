import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A local copy of the Clerk user fields the app shows, keyed by Clerk's user id, kept in step by
 * the webhook mirror (packages/db/src/mirror): `updated_at` is Clerk's and orders its events, and
 * a delete is a tombstone (`deleted_at`, personal data cleared) that no later event undoes.
 * `synced_at` null marks a placeholder (a seed row): the profile is loaded from Clerk once, and
 * any Clerk version replaces it whatever its `updated_at`.
 */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  username: text('username'),
  imageUrl: text('image_url'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  syncedAt: timestamp('synced_at', { withTimezone: true, mode: 'date' }),
});
