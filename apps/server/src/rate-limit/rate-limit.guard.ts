import type { ServerResponse } from 'node:http';

import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { RateLimitedError } from '@stack/contracts';

import { rawRequest, RequestIdentity } from '../auth/request-identity.js';
import { setHeader } from '../http/set-header.js';
import { DefenceLogs } from '../observability/defence-logs.js';
import type { CallDemands } from './call-demands.js';
import { callerKey, holdCallerSlot } from './caller-slot.js';
import type { CallerSlots } from './caller-slots.js';
import { ClientAddress } from './client-address.js';
import { NO_RATE_LIMIT } from './no-rate-limit.decorator.js';
import { CALL_DEMANDS, CALLER_SLOTS, RATE_LIMITER } from './rate-limit.tokens.js';
import { rateLimitHeaders, refusalHeaders } from './rate-limit-headers.js';
import type { RateLimiter } from './rate-limiter.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Node's response under Express's (itself) or Fastify's reply (`.raw`). */
const rawResponse = (res: unknown): ServerResponse => ((res as { raw?: ServerResponse }).raw ?? res) as ServerResponse;

/**
 * The rate limits of REST (a global guard, before AuthGuard): a signed-in user's GETs count as
 * `user-reads`, other methods as `user-writes`, anyone else's calls as `anonymous` by client
 * address. Over a limit: RateLimitedError, which the service-errors filter answers 429 with
 * Retry-After; the RateLimit headers go on every answer. An admitted request holds one of its
 * caller's slots until answered. `@NoRateLimit()` routes are exempt.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(RequestIdentity) private readonly identity: RequestIdentity,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CALL_DEMANDS) private readonly demands: CallDemands,
    @Inject(ClientAddress) private readonly address: ClientAddress,
    @Inject(CALLER_SLOTS) private readonly slots: CallerSlots | null,
    @Inject(DefenceLogs) private readonly defences: DefenceLogs,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [context.getHandler(), context.getClass()]))
      return true;
    const http = context.switchToHttp();
    const req = rawRequest(http.getRequest());
    const res: unknown = http.getResponse();
    const who = await this.identity.identify(req, 'rest').catch(() => null);
    const auth = who?.status === 'signed-in' ? who.auth : null;
    const clientAddress = () => this.address.keyOf(req);
    const demands = this.demands.of(auth, clientAddress, {
      writes: !READS.has(req.method ?? 'GET'),
      inActiveOrganization: false,
    });
    const result = this.limiter.take(demands);
    if (result.ok) {
      const headers = rateLimitHeaders(new Map(result.readings.map((r) => [r.policy.name, r])));
      for (const name in headers) setHeader(res, name, headers[name]!);
      await holdCallerSlot(this.slots, callerKey(auth?.userId ?? null, clientAddress), rawResponse(res));
      return true;
    }
    const headers = refusalHeaders(result.refused, result.retryAfterSeconds);
    for (const name in headers) setHeader(res, name, headers[name]!);
    this.defences.rateLimited(result.refused.policy.name, 'rest');
    throw new RateLimitedError(result.refused.policy.name, result.retryAfterSeconds);
  }
}
