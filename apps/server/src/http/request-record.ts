import type { Context } from '@opentelemetry/api';

import type { AuthState } from '@stack/contracts';

/** What the request line reports besides the HTTP basics, filled in as the request goes. */
export interface RequestRecord {
  id: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
  userId?: string;
  orgId?: string;
  /** Set when tracing is on and this request's trace is sampled. */
  traceId?: string;
  /** With `traceId`: the context of the request's server span, the parent of what it does. */
  trace?: Context;
}

const RECORD = Symbol('stack.requestRecord');
type Carrier = { [RECORD]?: RequestRecord; raw?: Carrier };

export function attachRecord(req: object, record: RequestRecord): void {
  (req as Carrier)[RECORD] = record;
}

/** The record of a Node request, or of the Node request under a Fastify request (`raw`). */
export function recordOf(req: object): RequestRecord | undefined {
  const carrier = req as Carrier;
  return carrier[RECORD] ?? carrier.raw?.[RECORD];
}

/** The signed-in caller, for the request line (ids only; names and emails are never logged). */
export function noteCaller(req: object, auth: AuthState): void {
  const record = recordOf(req);
  if (!record) return;
  record.userId = auth.userId;
  if (auth.orgId) record.orgId = auth.orgId;
}
