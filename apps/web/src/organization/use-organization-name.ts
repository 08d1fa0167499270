'use client';

import { useOrganization } from '@clerk/nextjs';

/**
 * The active organization's display name: Clerk's live one in the browser (it follows renames and
 * switches), the server's until clerk-js has loaded that organization.
 */
export function useOrganizationName(orgId: string | null, serverName: string | null): string | null {
  const { organization } = useOrganization();
  if (!orgId) return null;
  return organization?.id === orgId ? organization.name : serverName;
}
