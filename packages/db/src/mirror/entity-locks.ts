import { sql } from 'drizzle-orm';

import type { Tx } from '../database.js';

/**
 * Serialises, until commit, the transactions that write one organization's or one user's
 * memberships against that entity's deletion: without it a membership checked live-parent in one
 * delivery could be inserted just after a concurrent delivery deleted the parent (READ COMMITTED
 * sees no conflict). Take organization locks before user locks.
 */
export async function lockEntity(tx: Tx, kind: 'org' | 'user', id: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${kind}:${id}`}, 0))`);
}

/**
 * The other side of lockEntity, for a write that needs an entity to stay alive until it commits (a
 * note written by a user, into an organization): any number of writers hold it together, a deletion
 * waits for them all and they wait for it. Organization before user, as lockEntity's callers.
 */
export async function lockEntitiesShared(tx: Tx, orgId: string | null, userId: string): Promise<void> {
  const user = sql`pg_advisory_xact_lock_shared(hashtextextended(${`user:${userId}`}, 0))`;
  await tx.execute(
    orgId === null
      ? sql`select ${user}`
      : sql`select pg_advisory_xact_lock_shared(hashtextextended(${`org:${orgId}`}, 0)), ${user}`,
  );
}
