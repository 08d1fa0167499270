import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { AuthState } from '@stack/api';

import type { AuthenticatedRequest } from './auth.guard.js';

/** The caller's AuthState, set by AuthGuard. */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthState => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('CurrentAuth used on a route without AuthGuard');
  return auth;
});
