import { verifyToken } from '@clerk/backend';
import { decodeJwt } from '@clerk/backend/jwt';

import type { AuthState } from '@stack/contracts';

import type { KeySource } from '../keys/key-source.js';
import { TtlCache } from '../util/ttl-cache.js';
import { SessionRejectedError } from './rejection.js';
import { authStateFromVerifiedClaims } from './session-claims.js';
import { checkTokenShape } from './token-shape.js';

export interface SessionVerifierOptions {
  keys: KeySource;
  /** The instance's Frontend API URL; see issuerFromPublishableKey. */
  issuer: string;
  /** Origins allowed in `azp`. Never empty: an empty list would make Clerk skip the check. */
  authorizedParties: readonly string[];
  clockSkewInMs?: number;
  /** How many verified tokens to remember (each until its `exp`). */
  cacheSize?: number;
  now?: () => number;
}

/** A verified session token: who is calling, and when Clerk issued the token. */
export interface VerifiedSession {
  auth: AuthState;
  /** The token's `iat` (epoch seconds): changes made after it are not in its claims. */
  issuedAt: number;
}

/**
 * Session token → AuthState, verified by Clerk's own `verifyToken` plus the checks Clerk leaves to
 * the application. Verified tokens are remembered until they expire, so a busy client costs one
 * signature check per token rather than one per request.
 */
export class SessionVerifier {
  private readonly cache: TtlCache<string, VerifiedSession>;
  private readonly now: () => number;

  constructor(private readonly options: SessionVerifierOptions) {
    if (options.authorizedParties.length === 0) throw new Error('authorizedParties must not be empty');
    this.now = options.now ?? Date.now;
    this.cache = new TtlCache(options.cacheSize ?? 10_000, this.now);
  }

  /** Throws SessionRejectedError (→ 401) or ServiceUnavailableError (keys unobtainable → 503). */
  async verify(token: string): Promise<AuthState> {
    return (await this.verifySession(token)).auth;
  }

  /** As `verify`, with the token's `iat` (what revocation judges membership changes against). */
  async verifySession(token: string): Promise<VerifiedSession> {
    const cached = this.remembered(token);
    if (cached) return cached;

    const shapeProblem = checkTokenShape(token);
    if (shapeProblem) throw new SessionRejectedError(shapeProblem);
    const header = decodeHeader(token);
    const jwtKey = await this.options.keys.keyFor(header['kid']);

    let claims: Awaited<ReturnType<typeof verifyToken>>;
    try {
      claims = await verifyToken(token, {
        jwtKey,
        issuer: this.options.issuer,
        authorizedParties: [...this.options.authorizedParties],
        ...(this.options.clockSkewInMs === undefined ? {} : { clockSkewInMs: this.options.clockSkewInMs }),
      });
    } catch (error) {
      // Clerk throws TokenVerificationError with a reason, but some malformed input surfaces as a
      // TypeError; both are a refusal, never a 500.
      const reason = (error as { reason?: unknown }).reason;
      throw new SessionRejectedError(typeof reason === 'string' ? reason : 'token-invalid');
    }

    const auth = authStateFromVerifiedClaims(header, claims);
    Object.freeze(auth.orgPermissions);
    // Clerk's verifyToken has checked that `iat`, when present, is a number not in the future. Without
    // one, the token counts as older than any change (judged by what the host knows now).
    const issuedAt = typeof claims.iat === 'number' ? claims.iat : 0;
    const session: VerifiedSession = Object.freeze({ auth: Object.freeze(auth), issuedAt });
    this.cache.set(token, session, claims.exp * 1000);
    return session;
  }

  /** The session of a token verified before and not yet expired, without verifying anything. */
  remembered(token: string): VerifiedSession | undefined {
    return this.cache.get(token);
  }

  get cachedSessions(): number {
    return this.cache.size;
  }
}

function decodeHeader(token: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = decodeJwt(token).header;
  } catch {
    throw new SessionRejectedError('token-malformed');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SessionRejectedError('header-not-an-object');
  }
  return header as Record<string, unknown>;
}
