import { newId } from '../util/ids.js';
import type { OrganizationStore } from './orgs/organization-store.js';
import type { EmulatedSession, SessionStore } from './session-store.js';
import type { UserStore } from './user-store.js';

/**
 * A new active session for an existing user. The user's first organization (the oldest
 * membership) starts out active, as in a Clerk instance where members land in their
 * organization; `activeOrganizationId` overrides it (`null`: the personal account).
 */
export function openSession(
  stores: { users: UserStore; sessions: SessionStore; orgs: OrganizationStore },
  userId: string,
  options: { clientId?: string; activeOrganizationId?: string | null } = {},
): EmulatedSession {
  const user = stores.users.get(userId);
  if (!user) throw new Error(`openSession: no user with id ${userId}`);
  let active = options.activeOrganizationId;
  if (active === undefined) active = stores.orgs.listMemberships({ userId })[0]?.organizationId ?? null;
  else if (active !== null) {
    const org = stores.orgs.get(active);
    if (!org || !stores.orgs.getMembership(org.id, userId))
      throw new Error(`openSession: ${userId} is not a member of ${active}`);
    active = org.id;
  }
  return stores.sessions.create(userId, options.clientId ?? newId('client'), active);
}
