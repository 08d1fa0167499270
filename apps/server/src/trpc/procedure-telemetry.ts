import type { IncomingMessage } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';
import { type Context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';

import { appRouter, type ProcedureCall, type ProcedureObserver, type ProcedureResult } from '@stack/api';
import type { Services } from '@stack/contracts';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { recordOf } from '../http/request-record.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import { servicesInTrace } from '../telemetry/services-in-trace.js';

/**
 * `trpc_procedure_duration_seconds` and the per-call trace span. A middleware on every procedure
 * (packages/api's `observed`, the outermost) is the only place that sees each call of a batch on
 * its own, with its own duration and final code. A sampled request's call gets a span whose parent
 * is the request's server span (from its record), and the call's services are followed in that
 * span's context (telemetry/services-in-trace.ts), so its SQL statements and Backend API calls
 * become its children; calls of unsampled requests make no span at all. Calls that never reach a
 * procedure (an unknown path, a context that failed) are counted from tRPC's onError, which sees
 * every failed call: errors the middleware already saw are skipped there.
 */
@Injectable()
export class ProcedureTelemetry {
  private readonly observed = new WeakSet<TRPCError>();
  private readonly known = new Set(Object.keys(appRouter._def.procedures));
  private readonly tracer: Tracer | null;
  /** Without a sampled trace: timings when metrics are on, else no middleware work at all. */
  private readonly untraced: ProcedureObserver | undefined;

  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tracer = config.tracing ? trace.getTracer('@stack/server') : null;
    this.untraced = metrics.enabled ? this.timed : undefined;
  }

  /** The observer of one request's calls, for its tRPC context with these services. */
  observerFor(req: object, services: Services): ProcedureObserver | undefined {
    const parent = this.tracer ? recordOf(req)?.trace : undefined;
    return parent ? (call, run) => this.traced(call, run, parent, services) : this.untraced;
  }

  /** From tRPC's onError: counts a failed call the middleware did not see. */
  countFailure(error: TRPCError, path: string | undefined, type: string, req: IncomingMessage | undefined): void {
    if (!this.metrics.enabled || this.observed.has(error)) return;
    const startedAt = req ? recordOf(req)?.startedAt : undefined;
    const seconds = startedAt === undefined ? 0 : (performance.now() - startedAt) / 1000;
    const procedure = path !== undefined && this.known.has(path) ? path : 'unknown';
    this.metrics.procedureCall(procedure, type, error.code, seconds);
  }

  private readonly timed: ProcedureObserver = async (call, run) => {
    const started = performance.now();
    const result = await run();
    this.finish(call.path, call.type, result, started);
    return result;
  };

  private async traced<R extends ProcedureResult>(
    call: ProcedureCall,
    run: (services?: Services) => Promise<R>,
    parent: Context,
    services: Services,
  ): Promise<R> {
    const span = this.tracer!.startSpan(
      `trpc ${call.path}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: { 'rpc.system': 'trpc', 'rpc.method': call.path, 'trpc.type': call.type },
      },
      parent,
    );
    const started = performance.now();
    const result = await run(servicesInTrace(services, trace.setSpan(parent, span)));
    const code = this.finish(call.path, call.type, result, started);
    span.setAttribute('rpc.trpc.code', code);
    // 5xx-class codes are the server's failures; a 4xx is the caller's and leaves the span OK.
    if (!result.ok && getHTTPStatusCodeFromError(result.error) >= 500)
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
    span.end();
    return result;
  }

  private finish(path: string, type: string, result: ProcedureResult, started: number): string {
    const code = result.ok ? 'OK' : result.error.code;
    if (!result.ok) this.observed.add(result.error);
    this.metrics.procedureCall(path, type, code, (performance.now() - started) / 1000);
    return code;
  }
}
