import type { AuthState } from '@stack/contracts';

import { SessionRejectedError } from '../session/rejection.js';
import type { SessionVerifier, VerifiedSession } from '../session/session-verifier.js';
import { isCrossSiteCookieWrite } from './csrf.js';
import type { RequestLike } from './request-like.js';
import { extractSessionToken, type Transport } from './session-token.js';

export type RequestAuthentication =
  /** No credentials at all: an anonymous caller. */
  | { status: 'signed-out' }
  /** `issuedAt`: the token's `iat` (epoch seconds). */
  | { status: 'signed-in'; auth: AuthState; issuedAt: number; transport: Transport }
  /** Credentials were presented and refused; `reason` is for the log only. */
  | { status: 'rejected'; reason: string }
  /** A valid cookie session on a state-changing request from a foreign origin. */
  | { status: 'forbidden'; reason: 'cross-site-cookie-write' };

/**
 * Request (headers + cookies) → who is calling. Dependency outages are not hidden in a status:
 * they throw ServiceUnavailableError so hosts answer 503, never 401.
 */
export class RequestAuthenticator {
  private readonly authorizedOrigins: ReadonlySet<string>;

  constructor(
    private readonly verifier: SessionVerifier,
    authorizedParties: readonly string[],
  ) {
    this.authorizedOrigins = new Set(authorizedParties);
  }

  async authenticate(req: RequestLike): Promise<RequestAuthentication> {
    const extracted = extractSessionToken(req);
    if (extracted.kind === 'none') return { status: 'signed-out' };
    if (extracted.kind === 'malformed') return { status: 'rejected', reason: extracted.reason };

    let session: VerifiedSession;
    try {
      session = await this.verifier.verifySession(extracted.token);
    } catch (error) {
      if (error instanceof SessionRejectedError) return { status: 'rejected', reason: error.reason };
      throw error;
    }
    if (isCrossSiteCookieWrite(req, extracted.transport, this.authorizedOrigins)) {
      return { status: 'forbidden', reason: 'cross-site-cookie-write' };
    }
    return { status: 'signed-in', auth: session.auth, issuedAt: session.issuedAt, transport: extracted.transport };
  }
}
