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
