import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';

import type { Logger } from '../logging/create-logger.js';
import { type RequestLine, requestLineWriter } from '../logging/request-lines.js';
import type { Metrics } from '../metrics/metrics.js';
import { traceContext } from '../telemetry/on-demand-context.js';
import type { RequestObserver } from './http-adapter.js';
import { requestIdFrom } from './request-id.js';
import { attachRecord, type RequestRecord } from './request-record.js';

export interface RequestObservers {
  logger: Logger;
  metrics: Metrics;
  /** Tracing is configured: each request gets its server span (and its line the trace id). */
  tracing: boolean;
  /** Where tRPC is mounted: the line names the procedures of a call or batch. */
  trpcPrefix: string;
}

const MAX_PATH = 256;
const MAX_PROCEDURES = 20;
// Probes arrive every few seconds from every load balancer: no traces.
const UNTRACED_ROUTE = /^\/health(\/|$)/;

/**
 * Per request, from the adapter's first hook: the `X-Request-Id` header (set on the raw response,
 * so tRPC's hijacked replies carry it too), the HTTP server span when tracing is on (the parent of
 * the request's tRPC, SQL and Clerk spans: see telemetry/on-demand-context.ts), then, once the
 * response is finished or the client has gone, one log line and one observation of
 * `http_server_request_duration_seconds`. `route()` is the matched route's template (never the
 * URL: ids and query strings stay out of labels and span names).
 *
 * The server span is made here rather than by @opentelemetry/instrumentation-http: it is the
 * same span (kind SERVER, W3C traceparent continued, route and status), without that
 * instrumentation's per-request cost (it rebinds every listener of the request and response and
 * parses the URL before sampling), which the bench measured at most of tracing's overhead.
 */
export function requestObserver(observers: RequestObservers): RequestObserver {
  const { logger, metrics, tracing, trpcPrefix } = observers;
  const logLines = logger.isLevelEnabled('info');
  const writeLine = requestLineWriter(logger);
  const watch = logLines || metrics.enabled;
  const trpcPath = `${trpcPrefix}/`;
  const tracer = tracing ? trace.getTracer('@stack/server') : null;
  const propagatorFields = tracing ? propagation.fields() : [];

  const finish = (req: IncomingMessage, res: ServerResponse, record: RequestRecord, route: string) => {
    const seconds = (performance.now() - record.startedAt) / 1000;
    const aborted = !res.writableFinished;
    const status = aborted ? 499 : res.statusCode;
    metrics.httpRequest(req.method ?? 'GET', route, status, seconds);
    if (!logLines) return;
    // The path only: tRPC's GET inputs (note contents, cursors) live in the query string.
    const path = pathOf(req).slice(0, MAX_PATH);
    const line: RequestLine = {
      reqId: record.id,
      method: req.method ?? 'GET',
      path,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
    };
    if (path.startsWith(trpcPath)) line.procedures = procedures(path.slice(trpcPath.length));
    if (record.userId) line.userId = record.userId;
    if (record.orgId) line.orgId = record.orgId;
    if (record.traceId) line.traceId = record.traceId;
    if (aborted) {
      line.aborted = true;
      writeLine('info', line, 'client went away before the response');
    } else if (status >= 500) writeLine('warn', line, 'request failed');
    else writeLine('info', line, 'request');
  };

  return (req, res, route, next) => {
    const id = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    const template = route();
    const span = tracer && !UNTRACED_ROUTE.test(template ?? '') ? startServerSpan(req, template) : null;
    if (!watch && !span) return next();

    const record: RequestRecord = { id, startedAt: performance.now() };
    attachRecord(req, record);
    let spanContext: Context | null = null;
    let followed: (() => void) | null = null;
    if (span) {
      const sampled = (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
      const trpc = req.url?.startsWith(trpcPath) === true;
      // A tRPC request's trace is carried explicitly: the record's `trace`, which its
      // authentication and each of its calls follow (unsampled, they need nothing). REST routes and
      // webhooks keep their context across every await for their lifetime, sampled or not, so
      // Nest's handler spans and their SQL find it.
      if (sampled || !trpc) spanContext = trace.setSpan(ROOT_CONTEXT, span);
      if (sampled) {
        record.traceId = span.spanContext().traceId;
        record.trace = spanContext!;
      }
      if (!trpc) followed = traceContext.engage();
    }
    res.once('close', () => {
      if (watch) finish(req, res, record, route() ?? 'unmatched');
      if (span) endServerSpan(span, res);
      followed?.();
    });
    if (spanContext) context.with(spanContext, next);
    else next();
  };

  function startServerSpan(req: IncomingMessage, template: string | undefined): Span {
    const method = req.method ?? 'GET';
    // The caller's traceparent, when it sent one, is this span's parent (the headers are read only
    // when one of the propagators' is present: most requests carry none).
    const parent = propagatorFields.some((field) => req.headers[field] !== undefined)
      ? propagation.extract(ROOT_CONTEXT, req.headers)
      : ROOT_CONTEXT;
    // The sampler sees the method and route; the rest is recorded only for a sampled span.
    const span = tracer!.startSpan(
      template ? `${method} ${template}` : method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, ...(template ? { 'http.route': template } : {}) },
      },
      parent,
    );
    if (span.isRecording()) {
      span.setAttributes({
        'url.path': pathOf(req).slice(0, MAX_PATH),
        'url.scheme': 'http',
        'network.peer.address': req.socket.remoteAddress,
        'user_agent.original': req.headers['user-agent'],
      });
    }
    return span;
  }
}

function endServerSpan(span: Span, res: ServerResponse): void {
  const status = res.writableFinished ? res.statusCode : 499;
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function procedures(list: string): string[] {
  // One plain procedure, as nearly every request names.
  if (!list.includes(',') && !list.includes('%')) return [list.slice(0, 100)];
  return list.split(',', MAX_PROCEDURES).map((p) => {
    // Procedure paths are plain in nearly every request: decoding only what is encoded.
    if (!p.includes('%')) return p.slice(0, 100);
    try {
      return decodeURIComponent(p).slice(0, 100);
    } catch {
      return p.slice(0, 100);
    }
  });
}
