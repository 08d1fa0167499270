import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { RequestLike } from '@stack/clerk-auth';
import { type AppPermission, type AuthState, UNAUTHORIZED_MESSAGE } from '@stack/contracts';

import { noteCaller } from '../http/request-record.js';
import { setHeader } from '../http/set-header.js';
import { PUBLIC_ROUTE, REQUIRE_ORG, REQUIRE_PERMISSIONS } from './access.decorators.js';
import { accessRefusal } from './access-rule.js';
import { RequestIdentity } from './request-identity.js';

export type AuthenticatedRequest = RequestLike & { url?: string; auth?: AuthState };

/**
 * The global REST guard (APP_GUARD): every route needs a verified Clerk session from
 * `Authorization: Bearer` or the `__session` cookie unless it is `@Public()`. Each failure is the
 * same 401 (the reason goes to the log); only then do `@RequireOrg()` / `@RequirePermission()`
 * refuse with 403, so an anonymous caller never learns what a route requires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(RequestIdentity) private readonly identity: RequestIdentity,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const auth = await this.authenticate(req, http.getResponse());

    const refusal = accessRefusal(auth, {
      requireOrg: this.reflector.getAllAndOverride<boolean>(REQUIRE_ORG, targets) ?? false,
      permissions: this.reflector.getAllAndMerge<AppPermission[]>(REQUIRE_PERMISSIONS, targets),
    });
    if (refusal) throw new ForbiddenException(refusal);
    return true;
  }

  private async authenticate(req: AuthenticatedRequest, res: unknown): Promise<AuthState> {
    const result = await this.identity.identify(req, 'rest');
    switch (result.status) {
      case 'signed-in':
        req.auth = result.auth;
        noteCaller(req, result.auth);
        setHeader(res, 'cache-control', 'private, no-store');
        return result.auth;
      case 'forbidden':
        throw new ForbiddenException('Cross-site request refused');
      case 'rejected':
        throw new UnauthorizedException(UNAUTHORIZED_MESSAGE);
      case 'signed-out':
        throw new UnauthorizedException(UNAUTHORIZED_MESSAGE);
    }
  }
}
