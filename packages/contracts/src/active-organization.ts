import type { OrgAuthState } from './authorization.js';

/**
 * The caller's active organization as the session token states it: what `org.current` and
 * `GET /api/organization` both return, built by the one function below so they cannot drift.
 */
export interface ActiveOrganization {
  id: string;
  /** Null only if the token carries no slug (Clerk always sends one). */
  slug: string | null;
  /** e.g. `org:admin`. */
  role: string;
  /** The custom permissions in the token, e.g. `['org:notes:read']`; never `org:sys_*`. */
  permissions: string[];
}

export function activeOrganizationOf(auth: OrgAuthState): ActiveOrganization {
  return { id: auth.orgId, slug: auth.orgSlug, role: auth.orgRole, permissions: [...auth.orgPermissions] };
}
