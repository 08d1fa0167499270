import { z } from 'zod';

import { BROWSER_API_TIMEOUT_MS, SERVER_API_TIMEOUT_MS } from './trpc/deadline-fetch';

const milliseconds = (fallback: number) => z.coerce.number().int().min(100).max(120_000).default(fallback);
/** The `/__clerk` proxy's deadline for Clerk's Frontend API (handshake, sign-in, clerk-js scripts). */
const FRONTEND_API_TIMEOUT_MS = 5_000;

/**
 * The web server's runtime configuration, validated once. Read at request time (every page is
 * dynamic), so one build runs against any API address. Holds no secret; the proxy reads it too,
 * which is why there is no `server-only` guard.
 */
/** `scheme://host[:port]`, nothing else: what redirects are built on. */
const origin = z.url({ protocol: /^https?$/ }).refine((value) => new URL(value).origin === value, {
  message: 'Must be an origin such as https://app.example.com (no path, no trailing slash)',
});

const schema = z.object({
  /**
   * This app's public origin, as people reach it: every redirect (sign-in, Clerk's handshake) is
   * built on it, never on the request's Host or X-Forwarded-Host unless TRUST_PROXY_HEADERS=true.
   */
  APP_ORIGIN: origin.default('http://localhost:3000'),
  /** The NestJS API as the browser reaches it. */
  API_URL: z.url().default('http://localhost:4000'),
  /** The API as this server reaches it, when that differs (containers, private networks). */
  API_INTERNAL_URL: z.url().optional(),
  /** PEM public key: networkless session verification in the proxy (recommended). */
  CLERK_JWT_KEY: z
    .string()
    .transform((pem) => pem.replace(/\\n/g, '\n'))
    .optional(),
  /** Deadline of the server-side prefetch (RSC) calling the API. */
  API_TIMEOUT_MS: milliseconds(SERVER_API_TIMEOUT_MS),
  /** Deadline of each browser request to the API. */
  API_BROWSER_TIMEOUT_MS: milliseconds(BROWSER_API_TIMEOUT_MS),
  /** Deadline of the `/__clerk` proxy waiting for Clerk's Frontend API to answer. */
  FRONTEND_API_TIMEOUT_MS: milliseconds(FRONTEND_API_TIMEOUT_MS),
  /**
   * `true` only behind a reverse proxy that overwrites X-Forwarded-* itself: otherwise those headers
   * come from the client, the `/__clerk` proxy drops them and redirects are built on APP_ORIGIN.
   */
  TRUST_PROXY_HEADERS: z.enum(['true', 'false']).default('false'),
});

const env = schema.parse({
  APP_ORIGIN: process.env.APP_ORIGIN || undefined,
  API_URL: process.env.API_URL || undefined,
  API_INTERNAL_URL: process.env.API_INTERNAL_URL || undefined,
  CLERK_JWT_KEY: process.env.CLERK_JWT_KEY || undefined,
  API_TIMEOUT_MS: process.env.API_TIMEOUT_MS || undefined,
  API_BROWSER_TIMEOUT_MS: process.env.API_BROWSER_TIMEOUT_MS || undefined,
  FRONTEND_API_TIMEOUT_MS: process.env.FRONTEND_API_TIMEOUT_MS || undefined,
  TRUST_PROXY_HEADERS: process.env.TRUST_PROXY_HEADERS || undefined,
});

export const serverEnv = {
  appOrigin: new URL(env.APP_ORIGIN),
  browserApiUrl: env.API_URL,
  apiUrl: env.API_INTERNAL_URL ?? env.API_URL,
  clerkJwtKey: env.CLERK_JWT_KEY,
  apiTimeoutMs: env.API_TIMEOUT_MS,
  browserApiTimeoutMs: env.API_BROWSER_TIMEOUT_MS,
  frontendApiTimeoutMs: env.FRONTEND_API_TIMEOUT_MS,
  trustProxyHeaders: env.TRUST_PROXY_HEADERS === 'true',
};
