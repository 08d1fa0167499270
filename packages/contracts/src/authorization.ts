import type { AuthState } from './auth-state.js';
import type { AppPermission } from './permissions.js';

/**
 * The authorization rules, as plain functions over AuthState: the tRPC procedure builders and the
 * NestJS decorators both apply these, so a route and a procedure can never disagree.
 */
export type OrgAuthState = AuthState & { orgId: string; orgRole: string };

/** One message per refusal, so responses reveal nothing beyond "not allowed" (or why a session failed). */
export const UNAUTHORIZED_MESSAGE = 'Authentication required';
export const NO_ACTIVE_ORG_MESSAGE = 'An active organization is required';
export const MISSING_PERMISSION_MESSAGE = 'You do not have the permission this needs';

/** The caller's active organization, or null on the personal account. */
export function activeOrg(auth: AuthState): OrgAuthState | null {
  return auth.orgId !== null && auth.orgRole !== null ? (auth as OrgAuthState) : null;
}

/** True when the session token grants `permission` in the active organization. */
export function hasPermission(auth: AuthState, permission: AppPermission): boolean {
  return activeOrg(auth) !== null && auth.orgPermissions.includes(permission);
}
