/**
 * Who is calling, as plain data. The host derives it from a verified session token; the API never
 * sees the token or the identity provider's types.
 */
export interface AuthState {
  userId: string;
  sessionId: string;
  orgId: string | null;
  orgSlug: string | null;
  /** e.g. `org:admin`; null outside an organization. */
  orgRole: string | null;
  /** e.g. `['org:reports:read']`; empty outside an organization. */
  orgPermissions: string[];
}
