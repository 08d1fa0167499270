import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';

import { type AuthState, UNAUTHORIZED_MESSAGE } from '@stack/api';
import { RequestAuthenticator, type RequestLike } from '@stack/clerk-auth';

import { setHeader } from '../http/set-header.js';
import { authenticationView } from './authentication-view.js';
import { logRejection } from './rejection-log.js';

export type AuthenticatedRequest = RequestLike & { url?: string; auth?: AuthState };

/**
 * REST routes: a verified Clerk session from `Authorization: Bearer` or the `__session` cookie.
 * Each failure is the same 401; the reason goes to the log.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const result = await this.authenticator.authenticate(authenticationView(req));
    switch (result.status) {
      case 'signed-in':
        req.auth = result.auth;
        setHeader(http.getResponse(), 'cache-control', 'private, no-store');
        return true;
      case 'forbidden':
        logRejection(result.reason, req.url ?? 'REST');
        throw new ForbiddenException('Cross-site request refused');
      case 'rejected':
        logRejection(result.reason, req.url ?? 'REST');
        throw new UnauthorizedException(UNAUTHORIZED_MESSAGE);
      case 'signed-out':
        throw new UnauthorizedException(UNAUTHORIZED_MESSAGE);
    }
  }
}
