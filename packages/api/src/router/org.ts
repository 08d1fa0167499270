import { TRPCError,type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';

import { type ActiveOrganization, activeOrganizationOf } from '../contracts/active-organization.js';
import { orgProcedure, permissionProcedure } from '../trpc.js';

/** Fixed text: the client acted on an organization that is no longer the active one. */
export const ORG_CHANGED_MESSAGE = 'The active organization changed; reload and try again';

export const manageAccessInput = z.strictObject({
  /** The organization the client is showing; it must still be the token's active one. */
  orgId: z.string().regex(/^org_[A-Za-z0-9_-]{1,64}$/, 'Must be an organization id'),
});

export interface ManageAccess {
  orgId: string;
  permission: 'org:notes:manage';
}

export const orgRouter = {
  /** The active organization from the token: no call to any service. */
  current: orgProcedure.query(({ ctx }): ActiveOrganization => activeOrganizationOf(ctx.auth)),

  /**
   * The notes managers' gate: confirms that the current token still grants `org:notes:manage` in
   * the organization the client shows (a switch in another tab, a demotion or a removal shows up
   * here once the token is re-minted). 401, then 403, both before the input is looked at.
   */
  manageAccess: permissionProcedure('org:notes:manage')
    .input(manageAccessInput)
    .query(({ ctx, input }): ManageAccess => {
      if (input.orgId !== ctx.auth.orgId) throw new TRPCError({ code: 'CONFLICT', message: ORG_CHANGED_MESSAGE });
      return { orgId: ctx.auth.orgId, permission: 'org:notes:manage' };
    }),
} satisfies TRPCRouterRecord;
