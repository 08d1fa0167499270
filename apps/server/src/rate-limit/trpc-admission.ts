import type { IncomingMessage } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';
import { TRPCError } from '@trpc/server';

import type { AppMeta, CallAdmission } from '@stack/api';
import { type RateLimitedError, TOO_MANY_REQUESTS_MESSAGE } from '@stack/contracts';
import type { ProcedureCall, TrpcBeforeHandle } from '@stack/nest-trpc';

import type { CallKind } from './call-demands.js';
import { CallLimits } from './call-limits.js';

const kindOf = (call: ProcedureCall): CallKind => ({
  writes: call.type === 'mutation',
  inActiveOrganization: (call.meta as AppMeta | undefined)?.scope === 'active-organization',
});

/**
 * The rate limits of /trpc, as the tRPC mount's `beforeHandle`: it runs before the router (and
 * before any queue in front of it) and judges every call of the request (CallLimits). Every call
 * refused: the request is answered 429 here, in tRPC's error shape, and never enters the router;
 * some refused: they fail with TOO_MANY_REQUESTS inside the batch (tRPC's admission middleware)
 * while the rest run. The `RateLimit` headers go on every answer. An admitted request then takes
 * its caller's slots, one per admitted call up to all REQUESTS_IN_FLIGHT_PER_CALLER of them (a
 * batch runs alone), before it goes on to the router (a subscription, which stays open, takes none).
 */
@Injectable()
export class TrpcAdmission {
  private readonly partial = new WeakMap<IncomingMessage, CallAdmission>();
  /** The 429 of each (shared) RateLimitedError, made once: see CallLimits' refusals. */
  private readonly refusalErrors = new WeakMap<RateLimitedError, TRPCError>();

  constructor(@Inject(CallLimits) private readonly limits: CallLimits) {}

  readonly beforeHandle: TrpcBeforeHandle = async (req, res, calls) => {
    const verdict = await this.limits.judge(req, calls.map(kindOf), 'trpc');
    for (const name in verdict.headers) res.setHeader(name, verdict.headers[name]!);
    const { refusals, refused } = verdict;
    if (refused > 0 && refused === calls.length) return this.refusalError(refusals[0]!);
    if (refused > 0) this.partial.set(req, { refusal: (batchIndex) => refusals[batchIndex] ?? null });
    let admitted = 0;
    for (let i = 0; i < calls.length; i++) if (calls[i]!.type !== 'subscription' && !refusals[i]) admitted++;
    if (admitted > 0) await this.limits.holdSlots(verdict, res, admitted);
    return undefined;
  };

  private refusalError(cause: RateLimitedError): TRPCError {
    let error = this.refusalErrors.get(cause);
    if (!error) {
      error = new TRPCError({ code: 'TOO_MANY_REQUESTS', message: TOO_MANY_REQUESTS_MESSAGE, cause });
      this.refusalErrors.set(cause, error);
    }
    return error;
  }

  /** The calls of `req` refused while others of its batch were admitted (for the tRPC context). */
  admissionOf(req: IncomingMessage): CallAdmission | undefined {
    return this.partial.get(req);
  }
}
