/**
 * Whose access ended (issue 18's revocations, from Clerk's webhooks), as the streams see it: a
 * user deleted or a session revoked ends their streams with UNAUTHORIZED; a membership removed or
 * demoted below `org:notes:read`, or an organization deleted, ends the streams opened in that
 * organization with FORBIDDEN.
 */
export type Revocation =
  | { kind: 'user'; userId: string }
  | { kind: 'session'; sessionId: string }
  | { kind: 'membership'; orgId: string; userId: string }
  | { kind: 'organization'; orgId: string };

export const revocationCode = (revocation: Revocation): 'UNAUTHORIZED' | 'FORBIDDEN' =>
  revocation.kind === 'user' || revocation.kind === 'session' ? 'UNAUTHORIZED' : 'FORBIDDEN';
