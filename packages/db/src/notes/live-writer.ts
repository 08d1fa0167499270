import { and, eq, isNotNull, sql } from 'drizzle-orm';

import { AccessRevokedError, type NoteScope } from '@stack/contracts';

import type { Tx } from '../database.js';
import { lockEntitiesShared } from '../mirror/entity-locks.js';
import { organizations } from '../schema/organizations.js';
import { users } from '../schema/users.js';

/**
 * The first thing every note write does in its transaction: holds off the deletion of the writer
 * and of the organization written into until commit, then refuses the write if either was deleted
 * first (AccessRevokedError). The deletions (user.deleted, organization.deleted) take the same locks
 * exclusively and sweep the notes in their own transaction, so a write racing one either commits
 * before it and is swept, or waits for it and is refused: nothing written outlives a deletion.
 */
export async function assertWriterLive(tx: Tx, scope: NoteScope, writerId: string = scope.userId): Promise<void> {
  const orgId = scope.kind === 'org' ? scope.orgId : null;
  await lockEntitiesShared(tx, orgId, writerId);
  // A statement of its own: under READ COMMITTED it sees a deletion that committed while we waited.
  const deletedWriter = tx
    .select({ gone: sql<string>`'user'` })
    .from(users)
    .where(and(eq(users.id, writerId), isNotNull(users.deletedAt)));
  const rows = await (orgId === null
    ? deletedWriter
    : deletedWriter.unionAll(
        tx
          .select({ gone: sql<string>`'organization'` })
          .from(organizations)
          .where(and(eq(organizations.id, orgId), isNotNull(organizations.deletedAt))),
      ));
  if (rows.length === 0) return;
  throw new AccessRevokedError(rows.some((r) => r.gone === 'user') ? 'user' : 'organization');
}
