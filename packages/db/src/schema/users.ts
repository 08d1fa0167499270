import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A local copy of the Clerk user fields the app shows, keyed by Clerk's user id. Filled on first
 * sight (a note's author) and, later, by the webhook mirror: `updated_at` orders its events and a
 * delete is a tombstone (`deleted_at`), so a late, older event cannot bring a user back.
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
});
