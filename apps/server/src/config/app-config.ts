import type { z } from 'zod';

import { type DatabaseOptions, databaseOptionsFromEnv } from '@stack/db';

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

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(environment: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '(environment)')}: ${describe(issue)}`),
    );
  }
  const env = parsed.data;
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
    database: databaseOptionsFromEnv({
      DATABASE_URL: env.DATABASE_URL,
      DATABASE_POOL_MAX: String(env.DATABASE_POOL_MAX),
      PGLITE_DIR: env.PGLITE_DIR,
    }),
    shutdown: { delayMs: env.SHUTDOWN_DELAY_MS, drainTimeoutMs: env.SHUTDOWN_DRAIN_TIMEOUT_MS },
    streams: {
      maxDurationMs: env.SSE_MAX_DURATION_MS,
      pingMs: env.SSE_PING_MS,
      reconnectMs: env.SSE_RECONNECT_MS,
      maxPerUser: env.SSE_MAX_STREAMS_PER_USER,
      queueLimit: env.SSE_QUEUE_LIMIT,
    },
  };
}

function describe(issue: z.core.$ZodIssue): string {
  // Never echo the value: it may be a secret.
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
}
