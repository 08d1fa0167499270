import type { InstanceKey } from '../keys/instance-key.js';
import { openSession } from '../store/open-session.js';
import type { OrganizationStore } from '../store/orgs/organization-store.js';
import type { EmulatedSession, SessionStore } from '../store/session-store.js';
import type { UserStore } from '../store/user-store.js';
import { newId } from '../util/ids.js';
import { orgClaimsFor } from './org-claims.js';
import { mergeClaims, signRs256 } from './sign-jwt.js';

/** `cat` header values (@clerk/backend tokens/jwtCategories). */
export const JWT_CATEGORY_SESSION_TOKEN = 'cl_B7d4PD111AAA';
export const JWT_CATEGORY_JWT_TEMPLATE = 'cl_B7d4PD222AAA';

// Clerk back-dates nbf slightly so tokens survive small clock differences between hosts.
const NBF_LEEWAY_SECONDS = 5;

export interface MintOptions {
  /** One of userId / sessionId; with only userId a new session is created. */
  userId?: string;
  sessionId?: string;
  /**
   * The organization whose `o`/`fea` claims the token carries (id or slug; the user must be a
   * member), `null` for the personal account. Default: the session's active organization. With
   * only `userId`, the new session starts with this organization active.
   */
  organizationId?: string | null;
  /** Authorized party (origin), the `azp` claim. */
  azp?: string;
  /** Default: the emulator's tokenLifetimeSeconds. */
  expiresInSeconds?: number;
  /** Seconds since the epoch; default now. Lets tests craft expired or future tokens. */
  issuedAt?: number;
  /** Merged over the computed claims; `undefined` values delete a claim. */
  claims?: Record<string, unknown>;
  /** Merged over the computed header; `undefined` values delete a header field. */
  header?: Record<string, unknown>;
}

export interface MintContext {
  readonly issuer: string;
  readonly defaultLifetimeSeconds: number;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly orgs: OrganizationStore;
  currentKey(): InstanceKey;
}

/** The raw signer behind `emulator.signJwt`: default header {alg, typ, kid} merged with `header`. */
export function signWithInstanceKey(
  ctx: MintContext,
  payload: Record<string, unknown>,
  header?: Record<string, unknown>,
): string {
  const key = ctx.currentKey();
  return signRs256(payload, mergeClaims({ alg: 'RS256', typ: 'JWT', kid: key.kid }, header), key.privateKey);
}

/** A v2 session token, as Clerk's Frontend API would issue for `session`. */
export function mintSessionToken(ctx: MintContext, options: MintOptions): string {
  const session = resolveSession(ctx, options);
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const lifetime = options.expiresInSeconds ?? ctx.defaultLifetimeSeconds;
  assertFiniteNumber(iat, 'issuedAt');
  assertFiniteNumber(lifetime, 'expiresInSeconds');
  const orgId = options.organizationId === undefined ? session.activeOrganizationId : options.organizationId;
  const orgClaims = orgId === null ? undefined : orgClaimsFor(ctx.orgs, orgId, session.userId);
  if (orgId !== null && !orgClaims && options.organizationId !== undefined)
    throw new Error(`mintSessionToken: ${session.userId} is not a member of ${orgId}`);
  const computed: Record<string, unknown> = {
    iss: ctx.issuer,
    sub: session.userId,
    sid: session.id,
    iat,
    nbf: iat - NBF_LEEWAY_SECONDS,
    exp: iat + lifetime,
    v: 2,
    fva: [0, -1],
    sts: 'active',
    ...(options.azp === undefined ? {} : { azp: options.azp }),
    // Org claims only for an organization the user still belongs to (personal account: none).
    ...orgClaims,
  };
  const header = mergeClaims({ cat: JWT_CATEGORY_SESSION_TOKEN }, options.header);
  return signWithInstanceKey(ctx, mergeClaims(computed, options.claims), header);
}

/**
 * A JWT-template token. Real templates carry whatever the template defines; this one keeps the
 * session claims (including `sid`) so the only difference from a session token is the `cat`
 * header, which is what an application must check.
 */
export function mintTemplateToken(
  ctx: MintContext,
  session: EmulatedSession,
  template: string,
  expiresInSeconds?: number,
): string {
  const iat = Math.floor(Date.now() / 1000);
  const lifetime = expiresInSeconds ?? ctx.defaultLifetimeSeconds;
  const payload = {
    iss: ctx.issuer,
    sub: session.userId,
    sid: session.id,
    iat,
    nbf: iat - NBF_LEEWAY_SECONDS,
    exp: iat + lifetime,
    jti: newId('jti'),
  };
  return signWithInstanceKey(ctx, payload, { cat: JWT_CATEGORY_JWT_TEMPLATE });
}

function resolveSession(ctx: MintContext, options: MintOptions): EmulatedSession {
  if (options.sessionId !== undefined) {
    const session = ctx.sessions.get(options.sessionId);
    if (!session) throw new Error(`mintSessionToken: no session with id ${options.sessionId}`);
    if (options.userId !== undefined && options.userId !== session.userId) {
      throw new Error(`mintSessionToken: session ${session.id} belongs to ${session.userId}, not ${options.userId}`);
    }
    return session;
  }
  if (options.userId === undefined) throw new Error('mintSessionToken: pass userId or sessionId');
  if (!ctx.users.get(options.userId)) throw new Error(`mintSessionToken: no user with id ${options.userId}`);
  return openSession({ users: ctx.users, sessions: ctx.sessions, orgs: ctx.orgs }, options.userId, {
    ...(options.organizationId === undefined ? {} : { activeOrganizationId: options.organizationId }),
  });
}

function assertFiniteNumber(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TypeError(`mintSessionToken: ${name} must be a finite number`);
}
