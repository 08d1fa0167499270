import type { RouteStats } from './bapi/route-stats.js';
import type { FaultInjector } from './faults/fault-injector.js';
import type { ScriptRequestLog } from './static/clerk-scripts.js';
import type { ClientStore } from './store/client-store.js';
import type { OrganizationStore } from './store/orgs/organization-store.js';
import type { EmulatedSession } from './store/session-store.js';
import type { UserStore } from './store/user-store.js';
import type { MintOptions } from './tokens/mint-session-token.js';
import type { ClerkEmulatorWebhooks } from './webhooks/webhook-types.js';

/** A running emulator. Everything here is safe to use from tests while requests are in flight. */
export interface ClerkEmulator {
  /**
   * Base URL of everything: the Backend API (`CLERK_API_URL`), the Frontend API behind the app's
   * proxy (`CLERK_FAPI_URL`) and the clerk-js / @clerk/ui bundles under `/npm/`.
   */
  readonly url: string;
  /** `sk_live_…`; the Backend API requires `Authorization: Bearer <secretKey>`. */
  readonly secretKey: string;
  /** `pk_live_` + base64(frontendApiHost + '$'). */
  readonly publishableKey: string;
  /** `https://<frontendApiHost>`, the `iss` of every token. */
  readonly issuer: string;
  readonly frontendApiHost: string;
  /** The development code that verifies any email (sign-up, code sign-in). */
  readonly verificationCode: string;
  /** SPKI PEM of the current signing key (what apps pass as `jwtKey` / CLERK_JWT_KEY). */
  readonly publicKeyPem: string;
  /** `ins_` + 27 chars of base64url(sha256(SPKI DER)) of the current key. */
  readonly kid: string;
  /** The store behind the HTTP API. */
  readonly users: UserStore;
  /**
   * Organizations, memberships, invitations and roles behind both APIs. Changes apply to later
   * requests; a user's browser sees them on its next `/v1/client` (or a response that carries it).
   */
  readonly organizations: OrganizationStore;
  /** Browser clients of the Frontend API (one per `__client` cookie). */
  readonly clients: ClientStore;
  /** Backend API request counters. */
  readonly stats: RouteStats;
  /**
   * Webhooks as Clerk sends them through Svix: every user, organization and membership change made
   * through either API (or the stores) is signed and POSTed to each endpoint, with retries.
   */
  readonly webhooks: ClerkEmulatorWebhooks;
  /** Backend API fault injection. */
  readonly faults: FaultInjector;
  /** The self-hosted bundles and every script request that could not be served. */
  readonly scripts: {
    readonly packages: ReadonlyArray<{ name: string; version: string }>;
    readonly missing: readonly ScriptRequestLog[];
  };
  /** Throws if the user does not exist. */
  /** Web origins allowed besides the emulator's own and a verified proxy's (see `allowedOrigins`). */
  readonly allowedOrigins: readonly string[];
  /** Allows one more web origin, e.g. an app whose port is known only after the emulator started. */
  allowOrigin(origin: string): void;
  createSession(userId: string): EmulatedSession;
  getSession(sessionId: string): EmulatedSession | undefined;
  /** Every session, newest first. */
  listSessions(): EmulatedSession[];
  /** Ends a session (status 'revoked'); its tokens keep verifying until they expire, as with Clerk. */
  revokeSession(sessionId: string): EmulatedSession | undefined;
  /** A session token; `organizationId` picks the org claims (`null`: personal account). */
  mintSessionToken(options: MintOptions): Promise<string>;
  /** Raw RS256 signing with the instance key; `header` is merged over {alg:'RS256', typ:'JWT', kid}. */
  signJwt(payload: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** New RSA key and kid; JWKS then serves only the new key. Persisted when a keyFile is used. */
  rotateKey(): Promise<void>;
  /** Writes the store file now (no-op without `storeFile`); `close()` does it too. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
