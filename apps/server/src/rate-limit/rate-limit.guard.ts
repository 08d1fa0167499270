import type { ServerResponse } from 'node:http';

import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { rawRequest } from '../auth/request-identity.js';
import { setHeader } from '../http/set-header.js';
import { CallLimits } from './call-limits.js';
import { NO_RATE_LIMIT } from './no-rate-limit.decorator.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Node's response under Express's (itself) or Fastify's reply (`.raw`). */
const rawResponse = (res: unknown): ServerResponse => ((res as { raw?: ServerResponse }).raw ?? res) as ServerResponse;

/**
 * The rate limits of REST (a global guard, before AuthGuard), judged like tRPC's (CallLimits): a
 * signed-in user's GETs count as `user-reads`, other methods as `user-writes`, anyone else's calls
 * as `anonymous` by client address. Over a limit: RateLimitedError, which the service-errors filter
 * answers 429 with Retry-After; the RateLimit headers go on every answer. An admitted request
 * holds one of its caller's slots until answered. `@NoRateLimit()` routes are exempt.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(CallLimits) private readonly limits: CallLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [context.getHandler(), context.getClass()]))
      return true;
    const http = context.switchToHttp();
    const req = rawRequest(http.getRequest());
    const res: unknown = http.getResponse();
    const call = { writes: !READS.has(req.method ?? 'GET'), inActiveOrganization: false };
    const verdict = await this.limits.judge(req, [call], 'rest');
    for (const name in verdict.headers) setHeader(res, name, verdict.headers[name]!);
    const refusal = verdict.refusals[0];
    if (refusal) throw refusal;
    await this.limits.holdSlots(verdict, rawResponse(res));
    return true;
  }
}
