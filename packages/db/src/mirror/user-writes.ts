import { and, eq, isNull, sql } from 'drizzle-orm';

import type { Tx } from '../database.js';
import { notes } from '../schema/notes.js';
import { memberships } from '../schema/organizations.js';
import { users } from '../schema/users.js';
import { lockEntity } from './entity-locks.js';
import type { MirrorUser } from './mirror-records.js';
import { outcomeOf, wasInserted, type WriteOutcome } from './write-outcome.js';

/**
 * Stores a Clerk version of a user unless the stored one is as new (Clerk's `updated_at`) or a
 * tombstone. A placeholder (never synced) is replaced by any Clerk version.
 */
export async function upsertUser(tx: Tx, user: MirrorUser): Promise<WriteOutcome> {
  const rows = await tx
    .insert(users)
    .values({
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      username: user.username,
      imageUrl: user.imageUrl,
      createdAt: new Date(user.createdAt),
      updatedAt: new Date(user.updatedAt),
      syncedAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        email: sql`excluded.email`,
        firstName: sql`excluded.first_name`,
        lastName: sql`excluded.last_name`,
        username: sql`excluded.username`,
        imageUrl: sql`excluded.image_url`,
        createdAt: sql`excluded.created_at`,
        updatedAt: sql`excluded.updated_at`,
        syncedAt: sql`excluded.synced_at`,
      },
      setWhere: sql`${users.deletedAt} is null and (${users.syncedAt} is null or excluded.updated_at > ${users.updatedAt})`,
    })
    .returning({ inserted: wasInserted });
  return outcomeOf(rows);
}

/**
 * A user deleted in Clerk: a tombstone with the personal data cleared (Clerk never reuses an id,
 * so nothing revives it), the user's personal notes removed and memberships ended. Their notes in
 * organizations stay, shown with no author name or picture. Null when already a tombstone, else when
 * it was deleted (the database's clock).
 */
export async function tombstoneUser(tx: Tx, userId: string): Promise<Date | null> {
  await lockEntity(tx, 'user', userId);
  const rows = await tx
    .insert(users)
    .values({ id: userId, updatedAt: sql`now()`, deletedAt: sql`now()`, syncedAt: sql`now()` })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        deletedAt: sql`excluded.deleted_at`,
        syncedAt: sql`excluded.synced_at`,
        email: null,
        firstName: null,
        lastName: null,
        username: null,
        imageUrl: null,
      },
      setWhere: isNull(users.deletedAt),
    })
    .returning({ deletedAt: users.deletedAt });
  const deletedAt = rows[0]?.deletedAt;
  if (!deletedAt) return null;
  await tx.delete(notes).where(and(eq(notes.authorId, userId), isNull(notes.orgId)));
  await tx
    .update(memberships)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(memberships.userId, userId), isNull(memberships.deletedAt)));
  return deletedAt;
}
