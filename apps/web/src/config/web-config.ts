import { z } from 'zod';

import { CLERK_JWT_KEY_EXPECTED, isClerkJwtPublicKey, normalizePem } from '@stack/clerk-auth/jwt-public-key';

import { BROWSER_API_TIMEOUT_MS, SERVER_API_TIMEOUT_MS } from '../trpc/deadline-fetch';
import { type ClerkBuildEnv, frontendApiHostOf, OWN_FRONTEND_API_PROXY, readClerkBuildEnv } from './clerk-build-env';
import { parseConfig, WebConfigError, withoutEmpty } from './config-error';

const milliseconds = (fallback: number) => z.coerce.number().int().min(100).max(120_000).default(fallback);
/** The `/__clerk` proxy's deadline for Clerk's Frontend API (handshake, sign-in, clerk-js scripts). */
const FRONTEND_API_TIMEOUT_MS = 5_000;

const httpUrl = z.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL' });
const flag = z.enum(['true', 'false']);

/** PEM public key; env files often carry it with literal `\n`. Clerk's networkless mode needs RSA-2048. */
const rsaPublicKeyPem = z.string().transform(normalizePem).refine(isClerkJwtPublicKey, CLERK_JWT_KEY_EXPECTED);

/** `scheme://host[:port]`, nothing else: what redirects are built on. */
const origin = httpUrl.refine((value) => new URL(value).origin === value, {
  message: 'Must be an origin such as https://app.example.com (no path, no trailing slash)',
});

/** Read when the server starts (every page is dynamic), so one build runs against any API address. */
const runtimeSchema = z.object({
  /**
   * This app's public origin, as people reach it: every redirect (sign-in, Clerk's handshake) is
   * built on it, never on the request's Host or X-Forwarded-Host unless TRUST_PROXY_HEADERS=true.
   */
  APP_ORIGIN: origin.default('http://localhost:3000'),
  /** The NestJS API as the browser reaches it. */
  API_URL: httpUrl.default('http://localhost:4000'),
  /** The API as this server reaches it, when that differs (containers, private networks). */
  API_INTERNAL_URL: httpUrl.optional(),
  /** Clerk's secret key: `clerkMiddleware`, the Backend API (organization names) and the `/__clerk` proxy. */
  CLERK_SECRET_KEY: z.string().regex(/^sk_(live|test)_\S+$/, 'Must be a Clerk secret key (sk_live_… or sk_test_…)'),
  /** Where `/__clerk` forwards to; default: the Frontend API the publishable key names. */
  CLERK_FAPI_URL: httpUrl.optional(),
  /** Clerk's Backend API; default https://api.clerk.com (read by @clerk/nextjs itself too). */
  CLERK_API_URL: httpUrl.optional(),
  /** PEM public key: networkless session verification in the proxy (recommended). */
  CLERK_JWT_KEY: rsaPublicKeyPem.optional(),
  /** Deadline of the server-side prefetch (RSC) calling the API. */
  API_TIMEOUT_MS: milliseconds(SERVER_API_TIMEOUT_MS),
  /** Deadline of each browser request to the API. */
  API_BROWSER_TIMEOUT_MS: milliseconds(BROWSER_API_TIMEOUT_MS),
  /** Deadline of the `/__clerk` proxy waiting for Clerk's Frontend API to answer. */
  FRONTEND_API_TIMEOUT_MS: milliseconds(FRONTEND_API_TIMEOUT_MS),
  /**
   * `true` only behind a reverse proxy that overwrites X-Forwarded-* itself: otherwise those headers
   * come from the client: the `/__clerk` proxy drops them and redirects are built on APP_ORIGIN.
   */
  TRUST_PROXY_HEADERS: flag.default('false'),
  /** The "what the API sees" panel on /organization; default: on under `next dev`, off in a build. */
  API_DIAGNOSTICS: flag.optional(),
});

/** The variables the server reads when it starts. */
export const WEB_RUNTIME_VARIABLES = Object.keys(runtimeSchema.shape);

export interface WebConfig {
  /** This app's public origin: what redirects are built on. */
  appOrigin: URL;
  /** The API as the browser reaches it. */
  browserApiUrl: string;
  /** The API as this server reaches it. */
  apiUrl: string;
  apiTimeoutMs: number;
  browserApiTimeoutMs: number;
  frontendApiTimeoutMs: number;
  trustProxyHeaders: boolean;
  apiDiagnostics: boolean;
  clerk: {
    publishableKey: string;
    secretKey: string;
    jwtKey: string | undefined;
    /** Unset: @clerk/nextjs's default (https://api.clerk.com). */
    apiUrl: string | undefined;
    /** NEXT_PUBLIC_CLERK_PROXY_URL as built: where the browser reaches Clerk's Frontend API, if not directly. */
    proxyUrl: string | undefined;
    /** Whether this app serves `/__clerk` (the browser then talks to Clerk through it). */
    ownProxy: boolean;
    /** Clerk's Frontend API: where `/__clerk` forwards, or what the browser calls directly. */
    frontendApiUrl: string;
  };
}

/** A name Next cannot inline: what the environment says at run time, whatever the build fixed. */
const runtimeValue = (env: Record<string, string | undefined>, ...parts: string[]) => env[parts.join('_')];

/**
 * The web server's configuration: `built` holds what `next build` inlined (the publishable key and
 * the proxy URL), `env` the process environment. Throws a WebConfigError naming every bad variable.
 */
export function loadWebConfig(
  env: Record<string, string | undefined>,
  built: Record<string, string | undefined>,
  { development }: { development: boolean },
): WebConfig {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof WebConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const clerkBuild: ClerkBuildEnv | undefined = attempt(() => readClerkBuildEnv(built));
  if (clerkBuild) {
    const atRunTime = runtimeValue(env, 'NEXT', 'PUBLIC', 'CLERK', 'PUBLISHABLE', 'KEY');
    if (atRunTime && atRunTime !== clerkBuild.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)
      problems.push(
        'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: differs from the key this build was made with (it is fixed at build time): rebuild with it',
      );
  }
  const runtime = attempt(() => parseConfig(runtimeSchema, withoutEmpty(env, WEB_RUNTIME_VARIABLES)));
  if (problems.length > 0 || !clerkBuild || !runtime) throw new WebConfigError(problems);

  const ownProxy = clerkBuild.NEXT_PUBLIC_CLERK_PROXY_URL === OWN_FRONTEND_API_PROXY;
  return {
    appOrigin: new URL(runtime.APP_ORIGIN),
    browserApiUrl: runtime.API_URL,
    apiUrl: runtime.API_INTERNAL_URL ?? runtime.API_URL,
    apiTimeoutMs: runtime.API_TIMEOUT_MS,
    browserApiTimeoutMs: runtime.API_BROWSER_TIMEOUT_MS,
    frontendApiTimeoutMs: runtime.FRONTEND_API_TIMEOUT_MS,
    trustProxyHeaders: runtime.TRUST_PROXY_HEADERS === 'true',
    apiDiagnostics: (runtime.API_DIAGNOSTICS ?? (development ? 'true' : 'false')) === 'true',
    clerk: {
      publishableKey: clerkBuild.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
      secretKey: runtime.CLERK_SECRET_KEY,
      jwtKey: runtime.CLERK_JWT_KEY,
      apiUrl: runtime.CLERK_API_URL,
      proxyUrl: clerkBuild.NEXT_PUBLIC_CLERK_PROXY_URL,
      ownProxy,
      frontendApiUrl:
        runtime.CLERK_FAPI_URL ?? `https://${frontendApiHostOf(clerkBuild.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)}`,
    },
  };
}
