import { __experimental_JWTPayloadToAuthObjectProperties as authPropertiesFromClaims } from '@clerk/shared/jwtPayloadParser';
import type { JwtPayload } from '@clerk/shared/types';

import type { AuthState } from '@stack/contracts';

import { SessionRejectedError } from './rejection.js';

// Clerk's JWT categories (header `cat`). Session tokens carry the session category or none;
// anything else (JWT templates, M2M) is a different kind of token.
const SESSION_CATEGORIES = new Set([undefined, 'cl_B7d4PD111AAA', 'cl_I7d4PD111III']);

/**
 * What Clerk's verifier leaves to the application, checked on a token whose signature is valid.
 *
 * Organizations are decoded by Clerk's own parser (v2 `o`/`fea` with the `fpm` bitmaps, or the v1
 * `org_*` claims), never by hand. The decisions on top of it:
 * - a pending session (`sts: 'pending'`, signed in but owing a task such as choosing an
 *   organization) is signed out, as in Clerk's own `auth()` by default: 401, not a personal account;
 * - no `o` claim is the personal account: every org field null, no permissions;
 * - an organization without an id or a role is incomplete, and also reads as the personal account,
 *   so `orgId` is never set without the role the rules need;
 * - claims Clerk's parser cannot read (a `fea` entry without a scope) refuse the token (401, never
 *   a 500), and permissions are kept only if they are strings.
 */
export function authStateFromVerifiedClaims(header: Record<string, unknown>, claims: JwtPayload): AuthState {
  if (!SESSION_CATEGORIES.has(header['cat'] as string | undefined)) throw new SessionRejectedError('non-session-token');
  if (typeof claims.sub !== 'string' || claims.sub.startsWith('mch_')) throw new SessionRejectedError('machine-token');
  if (typeof claims.sid !== 'string' || claims.sid.length === 0) throw new SessionRejectedError('missing-sid');
  if (claims.sts === 'pending') throw new SessionRejectedError('pending-session');

  let props: ReturnType<typeof authPropertiesFromClaims>;
  try {
    props = authPropertiesFromClaims(claims);
  } catch {
    throw new SessionRejectedError('org-claims-malformed');
  }
  const session = { userId: claims.sub, sessionId: claims.sid };
  const { orgId, orgRole } = props;
  if (!isNonEmptyString(orgId) || !isNonEmptyString(orgRole))
    return { ...session, orgId: null, orgSlug: null, orgRole: null, orgPermissions: [] };
  return {
    ...session,
    orgId,
    orgSlug: isNonEmptyString(props.orgSlug) ? props.orgSlug : null,
    orgRole,
    orgPermissions: Array.isArray(props.orgPermissions) ? props.orgPermissions.filter(isNonEmptyString) : [],
  };
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
