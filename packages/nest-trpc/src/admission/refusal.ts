import type { ServerResponse } from 'node:http';

import { type AnyRouter, TRPCError } from '@trpc/server';

import { createErrorAnswer } from '../error-answer.js';
import type { NodeRequest } from '../http/request-view.js';
import { requestCallsOf } from '../procedure-calls.js';
import type { AdmissionLimits, ShedReason } from './admission-options.js';

const MESSAGE: Record<ShedReason, string> = {
  'queue-full': 'The server is busy; try again shortly',
  'queue-timeout': 'The server is busy; try again shortly',
  'shutting-down': 'The server is shutting down; try again',
};

// Nothing is ever added to these, so each reason's error is made once, not per refused call.
const ERRORS = Object.fromEntries(
  Object.entries(MESSAGE).map(([reason, message]) => [reason, new TRPCError({ code: 'SERVICE_UNAVAILABLE', message })]),
) as Record<ShedReason, TRPCError>;

/**
 * The 503 of a call the gate refuses, in the router's error shape (see createErrorAnswer), plus
 * `Retry-After`. Neither `responseMeta` nor `onError` runs for it (the gate's `onShed` counts
 * refusals). A call refused at shutdown also closes its connection, so the client retries elsewhere.
 */
export function createRefusal(router: AnyRouter, limits: AdmissionLimits, maxBatchSize: number) {
  const answer = createErrorAnswer(router);
  const callsOf = requestCallsOf(router, maxBatchSize);
  const retryAfter = String(limits.retryAfterSeconds);

  return (req: NodeRequest, res: ServerResponse, path: string, reason: ShedReason): Promise<void> => {
    res.setHeader('retry-after', retryAfter);
    if (reason === 'shutting-down') res.setHeader('connection', 'close');
    answer(res, callsOf(req, path), ERRORS[reason]);
    return Promise.resolve();
  };
}
