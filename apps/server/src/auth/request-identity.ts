import type { IncomingMessage } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';

import { type RequestAuthentication, RequestAuthenticator, type RequestLike, RevocationList } from '@stack/clerk-auth';

import { followRequestTrace } from '../telemetry/follow-request-trace.js';
import { authenticationView } from './authentication-view.js';
import { RejectionLog } from './rejection-log.js';

/** Node's request under Express's or Fastify's wrapper: the one object every layer shares. */
export const rawRequest = (req: unknown): IncomingMessage =>
  ((req as { raw?: IncomingMessage }).raw ?? req) as IncomingMessage;

/**
 * Who is calling, decided once per request and shared by every layer that asks (the rate limiter
 * before tRPC, tRPC's context, REST's guards): the session token verified (cached until its
 * `exp`), then checked against this instance's revocations (a deleted user's or an ended session's
 * token is refused; a token naming an organization the caller lost, or a role since changed, is
 * judged by what the webhooks said). A refusal is recorded once (RejectionLog), never with the
 * token. Dependency outages reject (ServiceUnavailableError), as the authenticator does.
 */
@Injectable()
export class RequestIdentity {
  private readonly decided = new WeakMap<IncomingMessage, Promise<RequestAuthentication>>();

  constructor(
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(RevocationList) private readonly revocations: RevocationList,
    @Inject(RejectionLog) private readonly rejections: RejectionLog,
  ) {}

  identify(req: unknown, surface: 'trpc' | 'rest'): Promise<RequestAuthentication> {
    const raw = rawRequest(req);
    let decision = this.decided.get(raw);
    if (!decision) {
      const view = authenticationView(raw);
      const known = this.authenticator.answerFromMemory(view);
      // Only a token not verified before can fetch keys; a sampled request's JWKS fetch is then a
      // span of its trace. A token known already is judged without following the trace (on
      // Node 20 that would switch promise hooks on for every promise meanwhile).
      decision = known
        ? Promise.resolve(known).then((result) => this.judge(result, surface))
        : followRequestTrace(raw, () => this.decide(view, surface));
      this.decided.set(raw, decision);
    }
    return decision;
  }

  private async decide(view: RequestLike, surface: 'trpc' | 'rest'): Promise<RequestAuthentication> {
    return this.judge(await this.authenticator.authenticate(view), surface);
  }

  /** Revocations, then the refusal's one log record. */
  private judge(authentication: RequestAuthentication, surface: 'trpc' | 'rest'): RequestAuthentication {
    let result = authentication;
    if (result.status === 'signed-in') {
      const check = this.revocations.check(result.auth, result.issuedAt);
      if (check.status === 'revoked') result = { status: 'rejected', reason: check.reason };
      else if (check.auth !== result.auth) result = { ...result, auth: check.auth };
    }
    if (result.status === 'rejected' || result.status === 'forbidden') this.rejections.record(result.reason, surface);
    return result;
  }
}
