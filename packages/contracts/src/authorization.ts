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

/**
 * The caller's active organization, or null on the personal account, and also when the token
 * names an organization its access to was revoked (see `orgAccessRevoked`).
 */
export function activeOrg(auth: AuthState): OrgAuthState | null {
  return auth.orgId !== null && auth.orgRole !== null ? (auth as OrgAuthState) : null;
}

/** True when the session token grants `permission` in the active organization. */
export function hasPermission(auth: AuthState, permission: AppPermission): boolean {
  return activeOrg(auth) !== null && auth.orgPermissions.includes(permission);
}

/**
 * True when the token names an organization the caller may no longer act in: it was deleted, or the
 * caller was removed from it after the token was issued (the host's revocation check clears the
 * role and permissions and keeps the id). Calls scoped to it are refused (403), never served from
 * the personal account instead.
 */
export function orgAccessRevoked(auth: AuthState): boolean {
  return auth.orgId !== null && auth.orgRole === null;
}
