import type { IncomingMessage, ServerResponse } from 'node:http';

import { context, trace, TraceFlags } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { RequestObserver } from './http-adapter.js';
import { requestIdFrom } from './request-id.js';
import { attachRecord, type RequestRecord } from './request-record.js';

export interface RequestObservers {
  logger: Logger;
  metrics: Metrics;
  /** Tracing is configured: the HTTP span gets its route, the request line its trace id. */
  tracing: boolean;
  /** Where tRPC is mounted: the line names the procedures of a call or batch. */
  trpcPrefix: string;
}

const MAX_PATH = 256;
const MAX_PROCEDURES = 20;

/**
 * Per request, from the first hook: the `X-Request-Id` header (set on the raw response, so tRPC's
 * hijacked replies carry it too), then, once the response is finished or the client has gone,
 * one log line and one observation of `http_server_request_duration_seconds`. `route()` is the
 * matched route's template (never the URL: ids and query strings stay out of labels).
 */
export function requestObserver(observers: RequestObservers): RequestObserver {
  const { logger, metrics, tracing, trpcPrefix } = observers;
  const logLines = logger.isLevelEnabled('info');
  const watch = logLines || metrics.enabled;
  const trpcPath = `${trpcPrefix}/`;

  const finish = (req: IncomingMessage, res: ServerResponse, record: RequestRecord, route: string) => {
    const seconds = (performance.now() - record.startedAt) / 1000;
    const aborted = !res.writableFinished;
    const status = aborted ? 499 : res.statusCode;
    metrics.httpRequest(req.method ?? 'GET', route, status, seconds);
    if (!logLines) return;
    // The path only: tRPC's GET inputs (note contents, cursors) live in the query string.
    const path = (req.url ?? '/').split('?', 1)[0]!.slice(0, MAX_PATH);
    const line: Record<string, unknown> = {
      reqId: record.id,
      method: req.method,
      path,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
    };
    if (path.startsWith(trpcPath)) line['procedures'] = procedures(path.slice(trpcPath.length));
    if (record.userId) line['userId'] = record.userId;
    if (record.orgId) line['orgId'] = record.orgId;
    if (record.traceId) line['traceId'] = record.traceId;
    if (aborted) {
      line['aborted'] = true;
      logger.info(line, 'client went away before the response');
    } else if (status >= 500) logger.warn(line, 'request failed');
    else logger.info(line, 'request');
  };

  return (req, res, route) => {
    const id = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    if (tracing) nameServerSpan(req, route());
    if (!watch) return;
    const record: RequestRecord = { id, startedAt: performance.now() };
    if (tracing) {
      const span = trace.getActiveSpan()?.spanContext();
      if (span && span.traceFlags & TraceFlags.SAMPLED) record.traceId = span.traceId;
    }
    attachRecord(req, record);
    res.once('close', () => finish(req, res, record, route() ?? 'unmatched'));
  };
}

/** `GET /trpc/*` rather than `GET`, and `http.route` for the exporter. */
function nameServerSpan(req: IncomingMessage, route: string | undefined): void {
  const metadata = getRPCMetadata(context.active());
  if (!route || metadata?.type !== RPCType.HTTP) return;
  metadata.route = route;
  metadata.span.updateName(`${req.method ?? 'GET'} ${route}`);
}

function procedures(list: string): string[] {
  return list.split(',', MAX_PROCEDURES).map((p) => {
    try {
      return decodeURIComponent(p).slice(0, 100);
    } catch {
      return p.slice(0, 100);
    }
  });
}
