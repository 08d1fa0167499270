import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { AuthState } from '@stack/contracts';

import type { AuthenticatedRequest } from './auth.guard.js';

/** The caller's AuthState, set by the global AuthGuard (so not available on a @Public() route). */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthState => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('CurrentAuth used on a @Public() route');
  return auth;
});
