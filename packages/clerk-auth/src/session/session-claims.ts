import { __experimental_JWTPayloadToAuthObjectProperties as authPropertiesFromClaims } from '@clerk/shared/jwtPayloadParser';
import type { JwtPayload } from '@clerk/shared/types';

import type { AuthState } from '@stack/api/contracts';

import { SessionRejectedError } from './rejection.js';

// Clerk's JWT categories (header `cat`). Session tokens carry the session category or none;
// anything else (JWT templates, M2M) is a different kind of token.
const SESSION_CATEGORIES = new Set([undefined, 'cl_B7d4PD111AAA', 'cl_I7d4PD111III']);

/** What Clerk's verifier leaves to the application, checked on a token whose signature is valid. */
export function authStateFromVerifiedClaims(header: Record<string, unknown>, claims: JwtPayload): AuthState {
  if (!SESSION_CATEGORIES.has(header['cat'] as string | undefined)) throw new SessionRejectedError('non-session-token');
  if (typeof claims.sub !== 'string' || claims.sub.startsWith('mch_')) throw new SessionRejectedError('machine-token');
  if (typeof claims.sid !== 'string' || claims.sid.length === 0) throw new SessionRejectedError('missing-sid');
  // A pending session has signed in but owes a task (e.g. choosing an organization): signed out.
  if (claims.sts === 'pending') throw new SessionRejectedError('pending-session');

  const props = authPropertiesFromClaims(claims);
  return {
    userId: claims.sub,
    sessionId: claims.sid,
    orgId: props.orgId ?? null,
    orgSlug: props.orgSlug ?? null,
    orgRole: props.orgRole ?? null,
    orgPermissions: props.orgPermissions ?? [],
  };
}
