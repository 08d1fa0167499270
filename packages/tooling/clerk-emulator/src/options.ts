import { normalizeAllowedOrigin } from './fapi/allowed-origins.js';
import type { EmulatorSeed } from './seed/seed-schema.js';
import { type ResolvedWebhookOptions, resolveWebhookOptions } from './webhooks/webhook-options.js';
import type { WebhookOptions } from './webhooks/webhook-types.js';

export interface ClerkEmulatorOptions {
  /** Default 0 (a free port) in-process; the CLI defaults to 4010. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Seed object, or path to a JSON seed file. */
  seed?: EmulatorSeed | string;
  /** Persist the instance (RSA key + secret key) here as JSON, mode 0600; created if missing. Omitted: ephemeral. */
  keyFile?: string;
  /** Default 'clerk.emulator.local'; must contain a '.' (publishable-key rule). */
  frontendApiHost?: string;
  /** Default 60. */
  tokenLifetimeSeconds?: number;
  /** Simulated latency added to every Backend API response (default 0). */
  latencyMs?: number;
  /**
   * Persist users (password hashes), sessions and clients here as JSON, mode 0600; loaded at start
   * (the seed then only adds users that are missing). Omitted: in memory only (tests).
   */
  storeFile?: string;
  /** The development code that verifies any email address at sign-up / code sign-in. Default '424242'. */
  verificationCode?: string;
  /** Shown by the prebuilt components. Default 'Clerk emulator'. */
  applicationName?: string;
  /** Called when a code is "emailed" (there is no mail; the CLI prints it). */
  onVerificationCode?: (emailAddress: string, code: string) => void;
  /**
   * Web origins (`http://localhost:3000`) that may send state-changing Frontend API requests and
   * receive its redirects, like a production instance's allowed origins. Always allowed besides:
   * the emulator's own origin (the playground) and the origin of the app's proxy when it presents
   * the secret key (`clerkFrontendApiProxy`). More can be added later: `emulator.allowOrigin()`.
   */
  allowedOrigins?: readonly string[];
  /** Failed sign-in attempts (password or code) per account before it is locked. Default 10 (Clerk's). */
  lockoutMaxAttempts?: number;
  /** How long a locked account refuses sign-ins. Default 3600 (Clerk's one hour). */
  lockoutDurationSeconds?: number;
  /** Webhook delivery as Clerk does it through Svix (see `emulator.webhooks`). */
  webhooks?: WebhookOptions;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  seed: EmulatorSeed | string | undefined;
  keyFile: string | undefined;
  frontendApiHost: string;
  tokenLifetimeSeconds: number;
  latencyMs: number;
  storeFile: string | undefined;
  verificationCode: string;
  applicationName: string;
  onVerificationCode: (emailAddress: string, code: string) => void;
  allowedOrigins: string[];
  lockoutMaxAttempts: number;
  lockoutDurationSeconds: number;
  webhooks: ResolvedWebhookOptions;
}

export const DEFAULT_FRONTEND_API_HOST = 'clerk.emulator.local';
/** The documented development verification code. */
export const DEFAULT_VERIFICATION_CODE = '424242';
/** Clerk's user-lockout defaults for new instances: 10 failed attempts, then one hour. */
const DEFAULT_LOCKOUT_MAX_ATTEMPTS = 10;
const DEFAULT_LOCKOUT_DURATION_SECONDS = 3600;

/** Defaults plus early, explicit errors (a typo should not surface later as a confusing SDK failure). */
export function resolveOptions(options: ClerkEmulatorOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`port must be an integer 0-65535, got ${String(port)}`);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new TypeError('host must be a non-empty string');
  const frontendApiHost = options.frontendApiHost ?? DEFAULT_FRONTEND_API_HOST;
  if (
    typeof frontendApiHost !== 'string' ||
    !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(frontendApiHost) ||
    !frontendApiHost.includes('.')
  ) {
    throw new TypeError(`frontendApiHost must be a host name containing a '.', got ${JSON.stringify(frontendApiHost)}`);
  }
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 60;
  if (!Number.isInteger(tokenLifetimeSeconds) || tokenLifetimeSeconds < 1)
    throw new TypeError('tokenLifetimeSeconds must be a positive integer');
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new TypeError('latencyMs must be a non-negative number');
  if (options.keyFile !== undefined && (typeof options.keyFile !== 'string' || options.keyFile === ''))
    throw new TypeError('keyFile must be a non-empty path');
  if (options.storeFile !== undefined && (typeof options.storeFile !== 'string' || options.storeFile === ''))
    throw new TypeError('storeFile must be a non-empty path');
  const verificationCode = options.verificationCode ?? DEFAULT_VERIFICATION_CODE;
  if (typeof verificationCode !== 'string' || !/^\d{6}$/.test(verificationCode))
    throw new TypeError('verificationCode must be 6 digits (the prebuilt components take 6)');
  const applicationName = options.applicationName ?? 'Clerk emulator';
  if (typeof applicationName !== 'string' || applicationName.length === 0 || applicationName.length > 100)
    throw new TypeError('applicationName must be 1-100 characters');
  const originList: unknown = options.allowedOrigins ?? [];
  if (!Array.isArray(originList)) throw new TypeError('allowedOrigins must be an array of origins');
  const allowedOrigins = originList.map((origin: unknown) => {
    if (typeof origin !== 'string') throw new TypeError('allowedOrigins must be an array of origins');
    return normalizeAllowedOrigin(origin);
  });
  const lockoutMaxAttempts = options.lockoutMaxAttempts ?? DEFAULT_LOCKOUT_MAX_ATTEMPTS;
  if (!Number.isInteger(lockoutMaxAttempts) || lockoutMaxAttempts < 1)
    throw new TypeError('lockoutMaxAttempts must be a positive integer');
  const lockoutDurationSeconds = options.lockoutDurationSeconds ?? DEFAULT_LOCKOUT_DURATION_SECONDS;
  if (!Number.isInteger(lockoutDurationSeconds) || lockoutDurationSeconds < 1)
    throw new TypeError('lockoutDurationSeconds must be a positive integer');
  return {
    port,
    host,
    seed: options.seed,
    keyFile: options.keyFile,
    frontendApiHost,
    tokenLifetimeSeconds,
    latencyMs,
    storeFile: options.storeFile,
    verificationCode,
    applicationName,
    onVerificationCode: options.onVerificationCode ?? (() => undefined),
    allowedOrigins,
    lockoutMaxAttempts,
    lockoutDurationSeconds,
    webhooks: resolveWebhookOptions(options.webhooks),
  };
}
