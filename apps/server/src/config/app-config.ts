import { RATE_LIMIT_POLICIES, RATE_LIMIT_POLICY_NAMES, type RateLimitPolicyName } from '@stack/contracts';
import { type DatabaseOptions, databaseOptionsFromEnv } from '@stack/db';

import type { LogLevel } from '../logging/log-level.js';
import { type TracingConfig, tracingConfigFrom } from '../telemetry/tracing-config.js';
import { type AdmissionLimits, admissionLimits } from './admission-limits.js';
import { ConfigError, configProblems } from './config-error.js';
import { envSchema } from './env.schema.js';

/** The server's validated configuration; read once at boot, injected everywhere else. */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  clerk: {
    secretKey: string;
    publishableKey: string;
    apiUrl: string;
    /** Set: verification is networkless. Unset: keys come from the JWKS endpoint. */
    jwtKey: string | undefined;
    /** The instance's Frontend API URL, which every session token must name as `iss`. */
    issuer: string;
    authorizedParties: readonly string[];
    /** Verifies POST /webhooks/clerk (Svix signatures). Unset: no webhook route; the mirror fills on first request only. */
    webhookSigningSecret: string | undefined;
  };
  /** PostgreSQL (DATABASE_URL) or PGlite (PGLITE_DIR, resolved against the working directory). */
  database: DatabaseOptions;
  /** Graceful shutdown on SIGTERM/SIGINT (see shutdown/graceful-shutdown.ts). */
  shutdown: { delayMs: number; drainTimeoutMs: number };
  /** Live streams over SSE (see live/). */
  streams: StreamSettings;
  /** Calls per minute for each policy of the rate-limit table; 0 turns a policy off. */
  rateLimits: Readonly<Record<RateLimitPolicyName, number>>;
  /** Requests of one caller in progress at once (more wait their turn); 0: no bound. */
  requestsInFlightPerCaller: number;
  /** TRUST_PROXY as CIDRs: the proxies whose X-Forwarded-For names the client. Empty: the socket's address. */
  trustProxy: readonly string[];
  /** Logs: JSON lines in production and test, readable lines in development (see logging/). */
  log: { level: LogLevel; format: 'json' | 'pretty' };
  /** The Prometheus listener (see metrics/); null: no listener, nothing counted. */
  metrics: { port: number; host: string } | null;
  /** OpenTelemetry traces (see telemetry/), started before the app by telemetry.ts; null: off. */
  tracing: TracingConfig | null;
  /** The admission gate in front of tRPC (see config/admission-limits.ts). */
  admission: AdmissionLimits;
}

export interface StreamSettings {
  /** A stream ends retryably after this long (the client reconnects with a fresh token). */
  maxDurationMs: number;
  /** A ping after this long without an event. */
  pingMs: number;
  /** Clients wait this long before reconnecting after a stream ends (SSE `retry:`). */
  reconnectMs: number;
  /** Open streams one user may hold on this instance. */
  maxPerUser: number;
  /** Events queued for a stream that reads slower than they come; past it the stream ends retryably. */
  queueLimit: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(environment: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(configProblems(parsed.error));
  }
  const env = parsed.data;
  const database = databaseOptionsFromEnv({
    DATABASE_URL: env.DATABASE_URL,
    DATABASE_POOL_MAX: String(env.DATABASE_POOL_MAX),
    PGLITE_DIR: env.PGLITE_DIR,
  });
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    clerk: {
      secretKey: env.CLERK_SECRET_KEY,
      publishableKey: env.CLERK_PUBLISHABLE_KEY.key,
      apiUrl: env.CLERK_API_URL,
      jwtKey: env.CLERK_JWT_KEY,
      issuer: env.CLERK_PUBLISHABLE_KEY.issuer,
      authorizedParties: Object.freeze([...env.CLERK_AUTHORIZED_PARTIES]),
      webhookSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
    },
    database,
    shutdown: { delayMs: env.SHUTDOWN_DELAY_MS, drainTimeoutMs: env.SHUTDOWN_DRAIN_TIMEOUT_MS },
    streams: {
      maxDurationMs: env.SSE_MAX_DURATION_MS,
      pingMs: env.SSE_PING_MS,
      reconnectMs: env.SSE_RECONNECT_MS,
      maxPerUser: env.SSE_MAX_STREAMS_PER_USER,
      queueLimit: env.SSE_QUEUE_LIMIT,
    },
    rateLimits: Object.freeze(
      Object.fromEntries(
        RATE_LIMIT_POLICY_NAMES.map((name) => [name, env[RATE_LIMIT_POLICIES[name].variable]]),
      ) as Record<RateLimitPolicyName, number>,
    ),
    requestsInFlightPerCaller: env.REQUESTS_IN_FLIGHT_PER_CALLER,
    trustProxy: Object.freeze([...env.TRUST_PROXY]),
    admission: admissionLimits(database, {
      maxInFlight: env.TRPC_MAX_IN_FLIGHT,
      maxQueued: env.TRPC_MAX_QUEUED,
      maxQueueMs: env.TRPC_MAX_QUEUE_MS,
    }),
    log: { level: env.LOG_LEVEL, format: env.NODE_ENV === 'development' ? 'pretty' : 'json' },
    metrics: env.METRICS_PORT === undefined ? null : { port: env.METRICS_PORT, host: env.METRICS_HOST },
    tracing: tracingConfigFrom(env),
  };
}
