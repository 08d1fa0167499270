import {
  activeOrg,
  type AppPermission,
  type AuthState,
  hasPermission,
  MISSING_PERMISSION_MESSAGE,
  NO_ACTIVE_ORG_MESSAGE,
} from '@stack/contracts';

export interface RouteAccess {
  requireOrg: boolean;
  permissions: readonly AppPermission[];
}

/**
 * Why a signed-in caller may not use a route, or null when it may. The same rule functions as
 * tRPC's `orgProcedure` / `permissionProcedure`, with the same fixed messages.
 */
export function accessRefusal(auth: AuthState, access: RouteAccess): string | null {
  if (!access.requireOrg && access.permissions.length === 0) return null;
  if (!activeOrg(auth)) return NO_ACTIVE_ORG_MESSAGE;
  return access.permissions.every((permission) => hasPermission(auth, permission)) ? null : MISSING_PERMISSION_MESSAGE;
}
