import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

import { users } from './users.js';

/**
 * Notes, in an organization (`org_id`) or personal to their author (`org_id` null).
 * `created_at` has millisecond precision so that the keyset cursor (created_at, id), which
 * carries epoch milliseconds, names a row exactly.
 */
export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: text('org_id'),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    // Who saved the last edit; null until the first one.
    editedBy: text('edited_by').references(() => users.id),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // One index per scope, in page order (newest first).
    index('notes_org_page_idx')
      .on(t.orgId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.orgId} is not null`),
    index('notes_personal_page_idx')
      .on(t.authorId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.orgId} is null`),
  ],
);
