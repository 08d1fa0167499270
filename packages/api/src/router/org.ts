import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';

import { type ActiveOrganization, activeOrganizationOf, ConflictError, type OrgAuthState } from '@stack/contracts';

import { orgProcedure, permissionProcedure } from '../trpc.js';

export const manageAccessInput = z.strictObject({
  /** The organization the client is showing; it must still be the token's active one. */
  orgId: z.string().regex(/^org_[A-Za-z0-9_-]{1,64}$/, 'Must be an organization id'),
});

export interface ManageAccess {
  orgId: string;
  permission: 'org:notes:manage';
}

/**
 * The notes managers' gate, for a caller already holding `org:notes:manage`: confirms that the
 * organization the client shows is still the token's active one (a switch in another tab makes it
 * a 409, not an action on the wrong organization). Shared by tRPC and REST.
 */
export function confirmManageAccess(auth: OrgAuthState, input: z.infer<typeof manageAccessInput>): ManageAccess {
  if (input.orgId !== auth.orgId) throw new ConflictError('The active organization changed', { orgId: auth.orgId });
  return { orgId: auth.orgId, permission: 'org:notes:manage' };
}

export const orgRouter = {
  /** The active organization from the token: no call to any service. */
  current: orgProcedure
    .meta({ waitsOnDatabase: false })
    .query(({ ctx }): ActiveOrganization => activeOrganizationOf(ctx.auth)),

  /** 401, then 403 (no organization, or no `org:notes:manage`), both before the input is looked at. */
  manageAccess: permissionProcedure('org:notes:manage')
    .meta({ waitsOnDatabase: false })
    .input(manageAccessInput)
    .query(({ ctx, input }) => confirmManageAccess(ctx.auth, input)),
} satisfies TRPCRouterRecord;
