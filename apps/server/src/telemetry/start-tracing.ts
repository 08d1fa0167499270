import { register } from 'node:module';

import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';

import { traceContext } from './on-demand-context.js';
import type { TracingConfig } from './tracing-config.js';

export interface Tracing {
  /** Exports what is still queued, then stops (at the end of a graceful shutdown). */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing. Must run before the modules it instruments are loaded: Nest 12
 * is ESM, so its spans (and pg's, imported from ESM) need the import-in-the-middle loader hook,
 * registered here before main.ts imports the server.
 */
export function startTracing(config: TracingConfig): Tracing {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': config.serviceName }))
      // OTEL_RESOURCE_ATTRIBUTES (and OTEL_SERVICE_NAME, which wins over it) as the specification says.
      .merge(detectResources({ detectors: [envDetector] })),
    sampler: samplerFor(config.sampler),
    spanProcessors: [new BatchSpanProcessor(exporterFor(config), config.batch)],
  });
  // The global tracer provider, W3C traceparent propagation, and a context manager that carries
  // contexts across `await` only where a trace needs it (see on-demand-context.ts).
  provider.register({ contextManager: traceContext.prime() });
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // The HTTP server span is the request observer's (http/observe-requests.ts), not
      // instrumentation-http's: the same span at a fraction of the cost per request.
      // Clerk's Backend API and JWKS (the SDK uses fetch) as client spans; headers are never recorded.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      // Statements as children of the procedure (or route) that ran them; their parameters are never recorded.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      // REST controllers' handler spans (0.69.0 is the release that accepts Nest 12).
      new NestInstrumentation(),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}

function exporterFor(config: TracingConfig): SpanExporter {
  if (config.exporter === 'console') return new ConsoleSpanExporter();
  // Endpoint, headers, timeout and compression come from the standard OTEL_EXPORTER_OTLP_* variables.
  return config.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
}

function samplerFor({ name, ratio }: TracingConfig['sampler']): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
