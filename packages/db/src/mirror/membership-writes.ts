import { sql } from 'drizzle-orm';

import type { Tx } from '../database.js';
import { memberships, organizations } from '../schema/organizations.js';
import { users } from '../schema/users.js';
import { lockEntity } from './entity-locks.js';
import type { MirrorMembership } from './mirror-records.js';
import { isTombstone } from './tombstones.js';
import { outcomeOf, wasInserted, type WriteOutcome } from './write-outcome.js';

const rowOf = (m: MirrorMembership) => ({
  orgId: m.orgId,
  userId: m.userId,
  clerkId: m.id,
  role: m.role,
  createdAt: new Date(m.createdAt),
  updatedAt: new Date(m.updatedAt),
});

/** Holds off the deletion of the membership's organization and user until this transaction ends. */
export async function lockMembershipParents(tx: Tx, m: MirrorMembership): Promise<void> {
  await lockEntity(tx, 'org', m.orgId);
  await lockEntity(tx, 'user', m.userId);
}

/** Nothing is written for an organization or a user that was deleted: their memberships ended with them. */
async function endedWithParent(tx: Tx, m: MirrorMembership): Promise<boolean> {
  await lockMembershipParents(tx, m);
  return (await isTombstone(tx, organizations, m.orgId)) || (await isTombstone(tx, users, m.userId));
}

/**
 * Stores a Clerk version of a membership when it is newer than the row and the row is live, or
 * when the row is a removed *other* Clerk membership (the user was added again). A removed
 * membership itself never comes back.
 */
export async function upsertMembership(tx: Tx, m: MirrorMembership): Promise<WriteOutcome> {
  if (await endedWithParent(tx, m)) return 'unchanged';
  const rows = await tx
    .insert(memberships)
    .values(rowOf(m))
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.userId],
      set: {
        clerkId: sql`excluded.clerk_id`,
        role: sql`excluded.role`,
        createdAt: sql`excluded.created_at`,
        updatedAt: sql`excluded.updated_at`,
        deletedAt: null,
      },
      setWhere: sql`excluded.updated_at > ${memberships.updatedAt} and (${memberships.deletedAt} is null or ${memberships.clerkId} is distinct from excluded.clerk_id)`,
    })
    .returning({ inserted: wasInserted });
  return outcomeOf(rows);
}

/**
 * Ends a membership: a tombstone for its Clerk id, written unless the row holds a newer, other
 * membership (the user was re-added after the one removed here). Null when nothing changed, else
 * when it ended (the database's clock).
 */
export async function tombstoneMembership(tx: Tx, m: MirrorMembership): Promise<Date | null> {
  if (await endedWithParent(tx, m)) return null;
  const rows = await tx
    .insert(memberships)
    .values({ ...rowOf(m), deletedAt: sql`now()` })
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.userId],
      set: {
        clerkId: sql`excluded.clerk_id`,
        deletedAt: sql`excluded.deleted_at`,
        updatedAt: sql`greatest(${memberships.updatedAt}, excluded.updated_at)`,
      },
      setWhere: sql`${memberships.deletedAt} is null and (${memberships.clerkId} is not distinct from excluded.clerk_id or excluded.updated_at >= ${memberships.updatedAt})`,
    })
    .returning({ deletedAt: memberships.deletedAt });
  return rows[0]?.deletedAt ?? null;
}
