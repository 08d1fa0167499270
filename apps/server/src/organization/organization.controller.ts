import { Controller, Get, Query } from '@nestjs/common';

import { confirmManageAccess, type ManageAccess, manageAccessInput } from '@stack/api';
import {
  activeOrg,
  type ActiveOrganization,
  activeOrganizationOf,
  type AuthState,
  InvalidInputError,
  type OrgAuthState,
} from '@stack/contracts';

import { RequireOrg, RequirePermission } from '../auth/access.decorators.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';

/** The REST twins of `org.current` and `org.manageAccess`: from the token, no Backend API call. */
@Controller('api/organization')
@RequireOrg()
export class OrganizationController {
  @Get()
  current(@CurrentAuth() auth: AuthState): ActiveOrganization {
    return activeOrganizationOf(orgOf(auth));
  }

  /** `?orgId=org_…`: 401, then 403, then the query is validated (400), as in tRPC. */
  @Get('manage-access')
  @RequirePermission('org:notes:manage')
  manageAccess(@CurrentAuth() auth: AuthState, @Query() query: unknown): ManageAccess {
    const input = manageAccessInput.safeParse(query);
    if (!input.success) throw new InvalidInputError('bad manage-access query');
    return confirmManageAccess(orgOf(auth), input.data);
  }
}

// The guard has refused the personal account already; this only narrows the type.
function orgOf(auth: AuthState): OrgAuthState {
  const org = activeOrg(auth);
  if (!org) throw new Error('RequireOrg let a caller without an active organization through');
  return org;
}
