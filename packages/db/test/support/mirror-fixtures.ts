import { sql } from 'drizzle-orm';

import type { Database, MirrorMembership, MirrorOrganization, MirrorUser } from '../../src/index.js';

let messages = 0;
/** A fresh Svix message id. */
export const msgId = () => `msg_${++messages}_${Math.random().toString(36).slice(2, 8)}`;

export const user = (id: string, updatedAt: number, fields: Partial<MirrorUser> = {}): MirrorUser => ({
  id,
  email: `${id}@example.com`,
  firstName: 'First',
  lastName: 'Last',
  username: null,
  imageUrl: `https://img.example/${id}.png`,
  createdAt: 1_000,
  updatedAt,
  ...fields,
});

export const org = (id: string, updatedAt: number, fields: Partial<MirrorOrganization> = {}): MirrorOrganization => ({
  id,
  name: `Org ${id}`,
  slug: id,
  imageUrl: null,
  createdAt: 1_000,
  updatedAt,
  ...fields,
});

export const membership = (
  id: string,
  orgId: string,
  userId: string,
  updatedAt: number,
  fields: Partial<MirrorMembership> = {},
): MirrorMembership => ({ id, orgId, userId, role: 'org:member', createdAt: 1_000, updatedAt, ...fields });

export async function truncateAll(db: Database): Promise<void> {
  await db.execute(
    sql`truncate notes, users, memberships, organizations, webhook_claims, ended_sessions restart identity cascade`,
  );
}
