import { SetMetadata } from '@nestjs/common';

import type { AppPermission } from '@stack/contracts';

/** Metadata keys read by AuthGuard (the global guard). */
export const PUBLIC_ROUTE = 'stack:public';
export const REQUIRE_ORG = 'stack:require-org';
export const REQUIRE_PERMISSIONS = 'stack:require-permissions';

/** Opts a route or controller out of the global AuthGuard: no session is read at all. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Requires an active organization (not the personal account): 403 otherwise, after the 401 check. */
export const RequireOrg = () => SetMetadata(REQUIRE_ORG, true);

/**
 * Requires every listed permission in the active organization (implies RequireOrg). Typed with the
 * app's declared permissions, so a system permission or a typo fails to compile, as with
 * `permissionProcedure`.
 */
export const RequirePermission = (...permissions: [AppPermission, ...AppPermission[]]) =>
  SetMetadata(REQUIRE_PERMISSIONS, permissions);
