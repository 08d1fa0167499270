import { z } from 'zod';

import { ConfigError, configProblems } from '../config/config-error.js';
import { optionalVariable as optional } from '../config/optional-variable.js';

/** The samplers of the OpenTelemetry specification (`OTEL_TRACES_SAMPLER`). */
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export interface TracingConfig {
  exporter: 'otlp' | 'console';
  /** OTLP over HTTP; the endpoint, headers and timeout are read by the exporter (standard variables). */
  protocol: 'http/protobuf' | 'http/json';
  /** `service.name` unless `OTEL_RESOURCE_ATTRIBUTES` names one. */
  serviceName: string;
  sampler: { name: (typeof SAMPLERS)[number]; ratio: number };
  /** BatchSpanProcessor settings (`OTEL_BSP_*`); unset ones keep the SDK's defaults. */
  batch: {
    scheduledDelayMillis?: number;
    maxQueueSize?: number;
    maxExportBatchSize?: number;
    exportTimeoutMillis?: number;
  };
}

const httpUrl = z.url({ protocol: /^https?$/ });
const protocol = z.enum(['http/protobuf', 'http/json'], {
  error: 'Must be http/protobuf or http/json (gRPC is not supported)',
});
const count = z.coerce.number().int().min(1).max(1_000_000);

/** The standard OpenTelemetry variables the server reads; part of the server's environment schema. */
export const tracingEnvShape = {
  OTEL_SDK_DISABLED: optional(z.enum(['true', 'false'])),
  // Traces are off unless an exporter or an endpoint is named.
  OTEL_TRACES_EXPORTER: optional(z.enum(['otlp', 'console', 'none'])),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(httpUrl),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(httpUrl),
  OTEL_EXPORTER_OTLP_PROTOCOL: optional(protocol),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: optional(protocol),
  OTEL_SERVICE_NAME: optional(z.string().min(1)),
  OTEL_TRACES_SAMPLER: optional(z.enum(SAMPLERS)),
  OTEL_TRACES_SAMPLER_ARG: optional(z.coerce.number().min(0).max(1)),
  OTEL_BSP_SCHEDULE_DELAY: optional(z.coerce.number().int().min(0).max(600_000)),
  OTEL_BSP_EXPORT_TIMEOUT: optional(z.coerce.number().int().min(1).max(600_000)),
  OTEL_BSP_MAX_QUEUE_SIZE: optional(count),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: optional(count),
};

const tracingEnvSchema = z.object(tracingEnvShape);
type TracingEnv = z.infer<typeof tracingEnvSchema>;

const DEFAULT_SERVICE_NAME = 'stack-api';

/** Tracing settings from parsed variables; null when tracing is off. */
export function tracingConfigFrom(env: TracingEnv): TracingConfig | null {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return null;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (env.OTEL_TRACES_EXPORTER === undefined && endpoint === undefined) return null;
  const batch: TracingConfig['batch'] = {};
  if (env.OTEL_BSP_SCHEDULE_DELAY !== undefined) batch.scheduledDelayMillis = env.OTEL_BSP_SCHEDULE_DELAY;
  if (env.OTEL_BSP_EXPORT_TIMEOUT !== undefined) batch.exportTimeoutMillis = env.OTEL_BSP_EXPORT_TIMEOUT;
  if (env.OTEL_BSP_MAX_QUEUE_SIZE !== undefined) batch.maxQueueSize = env.OTEL_BSP_MAX_QUEUE_SIZE;
  if (env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE !== undefined) batch.maxExportBatchSize = env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE;
  return {
    exporter: env.OTEL_TRACES_EXPORTER ?? 'otlp',
    protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    serviceName: env.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    sampler: { name: env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on', ratio: env.OTEL_TRACES_SAMPLER_ARG ?? 1 },
    batch,
  };
}

/**
 * Only the tracing variables, validated before anything else loads (telemetry.ts runs ahead of
 * the app, so the modules it instruments are not loaded yet). Throws ConfigError.
 */
export function loadTracingConfig(environment: Record<string, string | undefined>): TracingConfig | null {
  const parsed = tracingEnvSchema.safeParse(environment);
  if (!parsed.success) throw new ConfigError(configProblems(parsed.error));
  return tracingConfigFrom(parsed.data);
}
