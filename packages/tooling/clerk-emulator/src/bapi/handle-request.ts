import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import type { FaultTable } from '../faults/fault-injector.js';
import { ClerkApiError, clerkError, methodNotAllowed } from '../http/clerk-error.js';
import { readJsonBody } from '../http/read-body.js';
import { sendClerkError, sendJson } from '../http/responses.js';
import { assertSecretKey } from './authenticate.js';
import type { RouteCounter } from './route-stats.js';
import { parseRequestTarget, type Router } from './router.js';

export interface PipelineOptions {
  readonly router: Router;
  readonly stats: RouteCounter;
  readonly faults: FaultTable;
  readonly secretKey: () => string;
  readonly latencyMs: number;
  /** Aborted on close(): pending delays stop instead of answering on a closed server. */
  readonly signal: AbortSignal;
  readonly onError?: (error: unknown) => void;
}

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * One Backend API request: route → stats → fault → latency → auth → 404/405 → body → handler.
 * Faults come first because they stand for infrastructure failures in front of Clerk.
 */
export function createRequestHandler(options: PipelineOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(req, res, options).catch((error: unknown) => {
      if (options.signal.aborted) {
        res.destroy();
        return;
      }
      if (error instanceof ClerkApiError) {
        // An unread body (e.g. 413) would desync keep-alive: close the connection after answering.
        if (!req.complete) res.setHeader('Connection', 'close');
        sendClerkError(res, error);
        return;
      }
      options.onError?.(error);
      sendClerkError(
        res,
        clerkError(
          500,
          'internal_clerk_error',
          'Oops, an unexpected error occurred',
          'The emulator failed to handle this request.',
        ),
      );
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: PipelineOptions): Promise<void> {
  const method = req.method ?? 'GET';
  const target = parseRequestTarget(req.url);
  const match = target ? options.router.match(method, target.segments) : ({ kind: 'not_found' } as const);
  const routeName = match.kind === 'found' ? match.route.name : undefined;
  if (routeName) options.stats.increment(routeName);

  const fault = options.faults.take(routeName);
  if (fault?.hang) return; // deliberately never answered; close() destroys the socket
  if (fault?.delayMs) await sleep(fault.delayMs, undefined, { signal: options.signal });
  if (options.latencyMs > 0) await sleep(options.latencyMs, undefined, { signal: options.signal });
  if (fault?.status !== undefined) throw faultError(fault.status, fault.retryAfterSeconds);

  assertSecretKey(req.headers, options.secretKey());
  if (match.kind === 'not_found' || !target)
    throw clerkError(404, 'resource_not_found', 'not found', 'The requested resource was not found.');
  if (match.kind === 'method_not_allowed') {
    throw methodNotAllowed(match.allowed);
  }

  const body = BODY_METHODS.has(method) ? await readJsonBody(req) : undefined;
  const result = await match.route.handler({ params: match.params, query: target.query, body });
  sendJson(res, result.status, result.body);
}

function faultError(status: number, retryAfterSeconds: number | undefined): ClerkApiError {
  const code =
    status === 429
      ? 'too_many_requests'
      : status === 503
        ? 'service_unavailable'
        : status >= 500
          ? 'internal_clerk_error'
          : 'emulated_fault';
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  return new ClerkApiError(
    status,
    [
      {
        code,
        message: `emulated fault (${status})`,
        long_message: `Injected by the Clerk emulator's fault injector.`,
        meta: {},
      },
    ],
    headers,
  );
}
