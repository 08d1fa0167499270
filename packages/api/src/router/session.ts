import type { TRPCRouterRecord } from '@trpc/server';

import type { AuthState } from '@stack/contracts';

import { protectedProcedure } from '../trpc.js';

export const sessionRouter = {
  /** The caller's session as the token states it: no call to any service. */
  current: protectedProcedure.meta({ waitsOnDatabase: false }).query(({ ctx }): AuthState => ({
    ...ctx.auth,
    orgPermissions: [...ctx.auth.orgPermissions],
  })),
} satisfies TRPCRouterRecord;
