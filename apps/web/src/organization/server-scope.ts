import 'server-only';

import { auth } from '@clerk/nextjs/server';

import { organizationName } from './organization-name';
import type { ActiveScope } from './use-active-scope';

/** The active scope as this request's session token says, with the organization's display name. */
export async function serverScope(): Promise<ActiveScope> {
  const { userId, orgId, orgSlug, orgRole, has } = await auth();
  return {
    userId: userId ?? null,
    orgId: orgId ?? null,
    orgName: orgId ? await organizationName(orgId, orgSlug ?? 'your organization') : null,
    orgRole: orgRole ?? null,
    // Server-side has() sees the token only: custom permissions, never org:sys_*.
    canManageNotes: !orgId || has({ permission: 'org:notes:manage' }),
  };
}
