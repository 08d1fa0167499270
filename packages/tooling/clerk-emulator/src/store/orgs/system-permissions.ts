/**
 * Clerk's system permissions: they gate Clerk's own organization UI (profile, members, domains),
 * sit on the membership clerk-js sees, and are never in a session token. A fact about Clerk, so
 * it lives here; an app declares only its custom permissions.
 */
export const SYSTEM_PERMISSIONS = [
  'org:sys_profile:manage',
  'org:sys_profile:delete',
  'org:sys_memberships:read',
  'org:sys_memberships:manage',
  'org:sys_domains:read',
  'org:sys_domains:manage',
] as const;

export type SystemPermission = (typeof SYSTEM_PERMISSIONS)[number];
