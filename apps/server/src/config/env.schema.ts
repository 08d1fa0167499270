import { z } from 'zod';

import { CLERK_JWT_KEY_EXPECTED, isClerkJwtPublicKey, issuerFromPublishableKey, normalizePem } from '@stack/clerk-auth';
import { RATE_LIMIT_POLICIES } from '@stack/contracts';

import { trustedRangesOf } from '../http/trusted-proxies.js';
import { logLevel } from '../logging/log-level.js';
import { tracingEnvShape } from '../telemetry/tracing-config.js';
import { optionalVariable } from './optional-variable.js';

/** A comma-separated list of web origins, each exactly `scheme://host[:port]`. */
const originList = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((value) => {
          try {
            const url = new URL(value);
            return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
          } catch {
            return false;
          }
        }, 'Each entry must be an origin such as https://app.example.com (no path, no trailing slash)'),
      )
      .min(1, 'At least one origin is required'),
  );

/** PEM public key; env files often carry it with literal `\n`. Clerk's networkless mode needs RSA-2048. */
const rsaPublicKeyPem = z.string().transform(normalizePem).refine(isClerkJwtPublicKey, CLERK_JWT_KEY_EXPECTED);

/** The key and the issuer it encodes, decoded once. */
const publishableKey = z.string().transform((key, ctx) => {
  try {
    return { key, issuer: issuerFromPublishableKey(key) };
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Must be a Clerk publishable key (pk_live_… or pk_test_…)' });
    return z.NEVER;
  }
});

/** Clerk Dashboard → Webhooks → Signing secret: `whsec_` and the base64 key (Svix's format). */
const webhookSigningSecret = z.string().refine((raw) => {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(raw.trim());
  return match !== null && Buffer.from(match[1]!, 'base64').length >= 16;
}, 'Must be a webhook signing secret (whsec_ followed by a base64 key of at least 16 bytes)');

/** Calls per minute for one rate-limit policy; `0` turns it off. */
const perMinute = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000_000).default(fallback);

/** The RATE_LIMIT_*_PER_MIN variables of the policy table (@stack/contracts), each with its default. */
const rateLimitVariables = Object.fromEntries(
  Object.values(RATE_LIMIT_POLICIES).map((policy) => [policy.variable, perMinute(policy.perMinute)]),
) as Record<(typeof RATE_LIMIT_POLICIES)[keyof typeof RATE_LIMIT_POLICIES]['variable'], ReturnType<typeof perMinute>>;

/** Comma-separated proxy addresses, CIDRs or `loopback` / `linklocal` / `uniquelocal`, as CIDRs. */
const trustedProxies = z.string().transform((raw, ctx) => {
  const cidrs: string[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const ranges = trustedRangesOf(entry);
    if (!ranges) {
      ctx.addIssue({
        code: 'custom',
        message: 'Each entry must be an IP address, a CIDR (10.0.0.0/8) or one of loopback, linklocal, uniquelocal',
      });
      return z.NEVER;
    }
    cidrs.push(...ranges);
  }
  return cidrs;
});

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  CLERK_SECRET_KEY: z.string().regex(/^sk_(live|test)_\S+$/, 'Must be a Clerk secret key (sk_live_… or sk_test_…)'),
  CLERK_PUBLISHABLE_KEY: publishableKey,
  CLERK_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.clerk.com'),
  CLERK_JWT_KEY: rsaPublicKeyPem.optional(),
  CLERK_AUTHORIZED_PARTIES: originList.default(['http://localhost:3000']),
  // Set: POST /webhooks/clerk keeps the database mirror in step. Unset: the route answers 404.
  CLERK_WEBHOOK_SIGNING_SECRET: webhookSigningSecret.transform((s) => s.trim()).optional(),
  // Set: PostgreSQL through node-postgres. Unset: embedded PGlite in PGLITE_DIR.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'Must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  // On SIGTERM: not-ready at once, keep accepting for SHUTDOWN_DELAY_MS (so a load balancer's health
  // check sees it first), then stop accepting and give in-flight requests SHUTDOWN_DRAIN_TIMEOUT_MS.
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(300_000).default(0),
  SHUTDOWN_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  // Live streams (note.changes over SSE): each ends retryably after SSE_MAX_DURATION_MS, so clients
  // reconnect with a fresh token; a ping every SSE_PING_MS keeps proxies from cutting a quiet one.
  SSE_MAX_DURATION_MS: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
  SSE_PING_MS: z.coerce.number().int().min(10).max(300_000).default(15_000),
  SSE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(10),
  // How long a client waits before reconnecting after its stream ended (sent as the SSE `retry:`).
  SSE_RECONNECT_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  SSE_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(1_000),
  ...rateLimitVariables,
  // Requests of one caller (user or client address) in progress at once; more wait their turn. 0: no bound.
  REQUESTS_IN_FLIGHT_PER_CALLER: z.coerce.number().int().min(0).max(10_000).default(2),
  // The proxies in front whose X-Forwarded-For is believed; unset: the client IP is the socket's address.
  TRUST_PROXY: trustedProxies.default([]),
  LOG_LEVEL: logLevel,
  // Set: GET /metrics (Prometheus) on its own listener, never on the public port. Unset: no listener.
  METRICS_PORT: optionalVariable(z.coerce.number().int().min(0).max(65535)),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  ...tracingEnvShape,
  // The admission gate in front of tRPC (config/admission-limits.ts): calls inside tRPC at once
  // (0 turns the gate off; default from the database), how many may wait, and for how long.
  TRPC_MAX_IN_FLIGHT: optionalVariable(z.coerce.number().int().min(0).max(10_000)),
  TRPC_MAX_QUEUED: optionalVariable(z.coerce.number().int().min(0).max(100_000)),
  TRPC_MAX_QUEUE_MS: optionalVariable(z.coerce.number().int().min(1).max(60_000)),
});
