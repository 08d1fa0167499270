import { and, eq, isNotNull } from 'drizzle-orm';

import type { Executor } from '../database.js';
import type { organizations } from '../schema/organizations.js';
import type { users } from '../schema/users.js';

/** Whether this id is a tombstone: deleted in Clerk (ids are never reused). False for a live or unknown id. */
export async function isTombstone(
  ex: Executor,
  table: typeof users | typeof organizations,
  id: string,
): Promise<boolean> {
  const rows = await ex
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, id), isNotNull(table.deletedAt)));
  return rows.length === 1;
}
