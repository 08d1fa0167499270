import type { AuthState } from '@stack/contracts';

import { SessionRejectedError } from '../session/rejection.js';
import type { SessionVerifier, VerifiedSession } from '../session/session-verifier.js';
import { isCrossSiteCookieWrite } from './csrf.js';
import type { RequestLike } from './request-like.js';
import { type ExtractedToken, extractSessionToken, type Transport } from './session-token.js';

type FoundToken = Extract<ExtractedToken, { kind: 'token' }>;

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
    const { answer, token } = this.look(req);
    if (answer) return answer;
    let session: VerifiedSession;
    try {
      session = await this.verifier.verifySession(token.token);
    } catch (error) {
      if (error instanceof SessionRejectedError) return { status: 'rejected', reason: error.reason };
      throw error;
    }
    return this.answerFor(req, token, session);
  }

  /**
   * What `authenticate` answers when that needs no waiting (no token, a malformed one, or a token
   * verified before and not expired), else undefined: a host can then skip what it only needs
   * around a key fetch or a signature check, such as carrying a trace context through them.
   */
  answerFromMemory(req: RequestLike): RequestAuthentication | undefined {
    return this.look(req).answer;
  }

  /** The answer if memory has it; otherwise the token still to verify. */
  private look(
    req: RequestLike,
  ): { answer: RequestAuthentication; token?: never } | { answer: undefined; token: FoundToken } {
    const extracted = extractSessionToken(req);
    if (extracted.kind === 'none') return { answer: { status: 'signed-out' } };
    if (extracted.kind === 'malformed') return { answer: { status: 'rejected', reason: extracted.reason } };
    const session = this.verifier.remembered(extracted.token);
    return session ? { answer: this.answerFor(req, extracted, session) } : { answer: undefined, token: extracted };
  }

  private answerFor(req: RequestLike, extracted: FoundToken, session: VerifiedSession): RequestAuthentication {
    if (isCrossSiteCookieWrite(req, extracted.transport, this.authorizedOrigins)) {
      return { status: 'forbidden', reason: 'cross-site-cookie-write' };
    }
    return { status: 'signed-in', auth: session.auth, issuedAt: session.issuedAt, transport: extracted.transport };
  }
}
