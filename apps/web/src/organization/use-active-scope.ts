'use client';

import { useAuth } from '@clerk/nextjs';

import { useOrganizationName } from './use-organization-name';

/** Whose data a page shows and what they may do there, as the session token says. */
export interface ActiveScope {
  userId: string | null;
  /** The active organization, or null for the personal space. */
  orgId: string | null;
  /** Its display name ("Acme Inc"); null for the personal space. */
  orgName: string | null;
  /** `org:admin`, `org:member`, …; null for the personal space. */
  orgRole: string | null;
  /** `org:notes:manage`, or the personal space (always the caller's own). */
  canManageNotes: boolean;
}

/**
 * The active scope from Clerk's session in the browser. Until clerk-js has loaded (the server
 * render and hydration) it is what the page read from the same session on the server, so the
 * first HTML already shows the right organization instead of a placeholder.
 */
export function useActiveScope(server: ActiveScope): ActiveScope {
  const { isLoaded, userId, orgId, orgRole, has } = useAuth();
  const live = isLoaded ? (orgId ?? null) : server.orgId;
  const orgName = useOrganizationName(live, live === server.orgId ? server.orgName : null);
  if (!isLoaded) return { ...server, orgName };
  return {
    userId: userId ?? null,
    orgId: live,
    orgName,
    orgRole: orgRole ?? null,
    canManageNotes: !orgId || has({ permission: 'org:notes:manage' }),
  };
}
