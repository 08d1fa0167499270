import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';

import type { RequestAuthentication } from '@stack/clerk-auth';
import { type AuthState, RateLimitedError, type RateLimitPolicyName } from '@stack/contracts';

import { RequestIdentity } from '../auth/request-identity.js';
import { DefenceLogs } from '../observability/defence-logs.js';
import type { CallDemands, CallKind } from './call-demands.js';
import { callerKey, holdCallerSlot } from './caller-slot.js';
import type { CallerSlots } from './caller-slots.js';
import { ClientAddress } from './client-address.js';
import { CALL_DEMANDS, CALLER_SLOTS, RATE_LIMITER } from './rate-limit.tokens.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import type { BucketReading, RateLimiter } from './rate-limiter.js';

/** What the limits made of one request's calls. */
export interface LimitVerdict {
  /** Per call, in order: null when admitted, else the error that refuses it. */
  readonly refusals: readonly (RateLimitedError | null)[];
  readonly refused: number;
  /** The `RateLimit` headers of the policies that applied, plus `Retry-After` when a call was refused. */
  readonly headers: Record<string, string>;
  /** Who the caller's slots belong to (see holdSlots); empty when there are none. */
  readonly caller: string;
}

const sameKind = (a: CallKind, b: CallKind) =>
  a.writes === b.writes && a.inActiveOrganization === b.inActiveOrganization;

/** Only a verified, unrevoked session counts as its user; anything else is its client address. */
const signedInAuth = (who: RequestAuthentication | null): AuthState | null =>
  who?.status === 'signed-in' ? who.auth : null;

/**
 * The one place a request meets the rate limits, whatever its surface (tRPC's `beforeHandle`,
 * REST's guard): the caller identified once (later layers reuse it), one unit per call taken from
 * the caller's buckets (the policy table: CallDemands), each refusal logged, and the headers the
 * answer carries. Then, for what was admitted, the caller's slots (REQUESTS_IN_FLIGHT_PER_CALLER).
 */
@Injectable()
export class CallLimits {
  private readonly refusals = new Map<string, RateLimitedError>();

  constructor(
    @Inject(RequestIdentity) private readonly identity: RequestIdentity,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CALL_DEMANDS) private readonly demands: CallDemands,
    @Inject(ClientAddress) private readonly address: ClientAddress,
    @Inject(CALLER_SLOTS) private readonly slots: CallerSlots | null,
    @Inject(DefenceLogs) private readonly defences: DefenceLogs,
  ) {}

  async judge(req: IncomingMessage, calls: readonly CallKind[], surface: 'trpc' | 'rest'): Promise<LimitVerdict> {
    // An identity that cannot be decided now (keys unavailable) is limited as anonymous; the
    // context or AuthGuard then answers 503 as before.
    const auth = signedInAuth(await this.identity.identify(req, surface).catch(() => null));
    let address: string | undefined;
    const clientAddress = () => (address ??= this.address.keyOf(req));
    const readings = new Map<RateLimitPolicyName, BucketReading>();
    const refusals: (RateLimitedError | null)[] = [];
    // Refused calls by policy, logged and counted once per request (a refused batch: one count of
    // ten). Made at the first refusal: most requests have none, and this runs on every one.
    let refusedBy: Map<string, number> | undefined;
    let refused = 0;
    const countRefused = (policy: string) => {
      refusedBy ??= new Map();
      refusedBy.set(policy, (refusedBy.get(policy) ?? 0) + 1);
      refused++;
    };
    let retryAfter = 0;
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      const previous = i > 0 ? refusals[i - 1] : null;
      // A call like the one before, which was refused, asks the same empty buckets: refused alike
      // without asking (a flood's batches are ten of the same call).
      if (previous && sameKind(call, calls[i - 1]!)) {
        refusals.push(previous);
        countRefused(previous.policy);
        continue;
      }
      const result = this.limiter.take(this.demands.of(auth, clientAddress, call));
      if (result.ok) {
        for (const reading of result.readings) readings.set(reading.policy.name, reading);
        refusals.push(null);
        continue;
      }
      const policy = result.refused.policy.name;
      readings.set(policy, result.refused);
      refusals.push(this.refusal(policy, result.retryAfterSeconds));
      countRefused(policy);
      retryAfter = Math.max(retryAfter, result.retryAfterSeconds);
    }
    if (refusedBy) for (const [policy, n] of refusedBy) this.defences.rateLimited(policy, surface, n);
    const headers = rateLimitHeaders(readings);
    if (refused > 0) headers['retry-after'] = String(retryAfter);
    // The caller's key only matters when there are slots to hold (it may cost the address's parse).
    const caller = this.slots ? callerKey(auth?.userId ?? null, clientAddress) : '';
    return { refusals, refused, headers, caller };
  }

  /**
   * One error per policy and wait, made once and shared by every call it refuses: a flood's refused
   * batches would otherwise build (and capture a stack for) one or more per request. Bounded: a
   * handful of policies, and waits of at most a bucket's refill (60 s for a limit of 1 a minute).
   */
  private refusal(policy: RateLimitPolicyName, retryAfterSeconds: number): RateLimitedError {
    const key = `${policy}:${retryAfterSeconds}`;
    let error = this.refusals.get(key);
    if (!error) {
      error = new RateLimitedError(policy, retryAfterSeconds);
      this.refusals.set(key, error);
    }
    return error;
  }

  /** Holds `calls` of the caller's slots until `res` is done, waiting for them if need be. */
  holdSlots(verdict: LimitVerdict, res: ServerResponse, calls = 1): Promise<void> {
    return holdCallerSlot(this.slots, verdict.caller, res, calls);
  }
}
