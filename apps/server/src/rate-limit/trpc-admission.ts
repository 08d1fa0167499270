import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';
import { TRPCError } from '@trpc/server';

import type { AppMeta, CallAdmission } from '@stack/api';
import type { RequestAuthentication } from '@stack/clerk-auth';
import {
  type AuthState,
  RateLimitedError,
  type RateLimitPolicyName,
  TOO_MANY_REQUESTS_MESSAGE,
} from '@stack/contracts';
import type { ProcedureCall, TrpcBeforeHandle } from '@stack/nest-trpc';

import { RequestIdentity } from '../auth/request-identity.js';
import { DefenceLogs } from '../observability/defence-logs.js';
import type { CallDemands } from './call-demands.js';
import { callerKey, holdCallerSlot } from './caller-slot.js';
import type { CallerSlots } from './caller-slots.js';
import { ClientAddress } from './client-address.js';
import { CALL_DEMANDS, CALLER_SLOTS, RATE_LIMITER } from './rate-limit.tokens.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import type { BucketReading, RateLimiter } from './rate-limiter.js';

const inActiveOrganization = (call: ProcedureCall) =>
  (call.meta as AppMeta | undefined)?.scope === 'active-organization';

/** Only a verified, unrevoked session counts as its user; anything else is its client address. */
const signedInAuth = (who: RequestAuthentication | null): AuthState | null =>
  who?.status === 'signed-in' ? who.auth : null;

/**
 * The rate limits of /trpc, as the tRPC mount's `beforeHandle`: it runs before the router (and
 * before any queue in front of it), identifies the caller once (the context reuses it), and takes
 * one unit per call of the request from the caller's buckets. Every call refused: the request is
 * answered 429 here, in tRPC's error shape, and never enters the router; some refused: they fail
 * with TOO_MANY_REQUESTS inside the batch (tRPC's admission middleware) while the rest run. The
 * `RateLimit` headers of the policies that applied go on every answer. An admitted request then
 * takes one of its caller's slots (at most REQUESTS_IN_FLIGHT_PER_CALLER in progress), waiting
 * for one if need be, before it goes on to the router (a subscription, which stays open, takes none).
 */
@Injectable()
export class TrpcAdmission {
  private readonly partial = new WeakMap<IncomingMessage, CallAdmission>();

  constructor(
    @Inject(RequestIdentity) private readonly identity: RequestIdentity,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CALL_DEMANDS) private readonly demands: CallDemands,
    @Inject(ClientAddress) private readonly address: ClientAddress,
    @Inject(CALLER_SLOTS) private readonly slots: CallerSlots | null,
    @Inject(DefenceLogs) private readonly defences: DefenceLogs,
  ) {}

  readonly beforeHandle: TrpcBeforeHandle = async (req, res, calls) => {
    // An identity that cannot be decided now (keys unavailable) is limited as anonymous; the
    // context then answers 503 as before.
    const who = await this.identity.identify(req, 'trpc').catch(() => null);
    const auth = signedInAuth(who);
    let address: string | undefined;
    const clientAddress = () => (address ??= this.address.keyOf(req));
    const readings = new Map<RateLimitPolicyName, BucketReading>();
    const refusals: (RateLimitedError | null)[] = [];
    let refused = 0;
    let retryAfter = 0;
    for (const call of calls) {
      const demands = this.demands.of(auth, clientAddress, {
        writes: call.type === 'mutation',
        inActiveOrganization: inActiveOrganization(call),
      });
      const result = this.limiter.take(demands);
      if (result.ok) {
        for (const reading of result.readings) readings.set(reading.policy.name, reading);
        refusals.push(null);
        continue;
      }
      readings.set(result.refused.policy.name, result.refused);
      refusals.push(new RateLimitedError(result.refused.policy.name, result.retryAfterSeconds));
      retryAfter = Math.max(retryAfter, result.retryAfterSeconds);
      refused++;
      this.defences.rateLimited(result.refused.policy.name, 'trpc');
    }
    setHeaders(res, rateLimitHeaders(readings));
    if (refused > 0 && refused === calls.length) {
      res.setHeader('retry-after', String(retryAfter));
      return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: TOO_MANY_REQUESTS_MESSAGE, cause: refusals[0]! });
    }
    if (refused > 0) {
      res.setHeader('retry-after', String(retryAfter));
      this.partial.set(req, { refusal: (batchIndex) => refusals[batchIndex] ?? null });
    }
    // A subscription stays open as long as its client listens: it takes no slot (its connect was counted).
    if (calls.some((call) => call.type !== 'subscription'))
      await holdCallerSlot(this.slots, callerKey(auth?.userId ?? null, clientAddress), res);
    return undefined;
  };

  /** The calls of `req` refused while others of its batch were admitted (for the tRPC context). */
  admissionOf(req: IncomingMessage): CallAdmission | undefined {
    return this.partial.get(req);
  }
}

function setHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const name in headers) res.setHeader(name, headers[name]!);
}
