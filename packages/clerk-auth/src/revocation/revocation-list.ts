import { APP_ROLES, type AuthState, type RevocationFact } from '@stack/contracts';

import type { RevocationListener } from './revocation-facts.js';

export type RevocationCheck =
  /** The caller may go on, as `auth` says (its organization part may differ from the token's). */
  | { status: 'valid'; auth: AuthState }
  /** Every request with this token is a 401. */
  | { status: 'revoked'; reason: 'user-deleted' | 'session-ended' };

export interface RevocationListOptions {
  /**
   * How long an ended session or a membership change is remembered: a token issued before it and
   * still unexpired that much later is judged by its claims again. Clerk's session tokens live 60 s.
   */
  retentionMs?: number;
  /** The custom permissions a role grants (default: the app's roles, `APP_ROLES`). */
  permissionsOf?: (role: string) => readonly string[];
  now?: () => number;
}

const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

const appRolePermissions = new Map(APP_ROLES.map((r) => [r.key as string, Object.freeze([...r.permissions])]));
const NO_PERMISSIONS: readonly string[] = Object.freeze([]);

const membershipKey = (orgId: string, userId: string) => `${orgId}\u0000${userId}`;

/**
 * One instance's memory of revocations: deleted users and organizations, ended sessions, and
 * membership changes, fed by the webhook mirror (through the change bus) and reloaded from it after
 * a gap. `check` is a handful of map lookups, so every request can afford it; listeners (streams
 * that must end, caches) hear each fact as it arrives.
 *
 * The rules: a deleted user's or an ended session's tokens are refused; a token naming a deleted
 * organization keeps no role or permissions there; a token issued before its membership changed
 * (its `iat` no later than the change) is judged by the membership as it is now: removed → no role
 * in that organization, another role → that role's permissions. A later token states the change
 * itself and is judged by its claims.
 */
export class RevocationList {
  private readonly users = new Set<string>();
  private readonly organizations = new Set<string>();
  private readonly sessions = new Map<string, number>();
  private readonly memberships = new Map<string, { role: string | null; at: number }>();
  private readonly listeners = new Set<RevocationListener>();
  private readonly retentionMs: number;
  private readonly permissionsOf: (role: string) => readonly string[];
  private readonly now: () => number;

  constructor(options: RevocationListOptions = {}) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.permissionsOf = options.permissionsOf ?? ((role) => appRolePermissions.get(role) ?? NO_PERMISSIONS);
    this.now = options.now ?? Date.now;
  }

  check(auth: AuthState, issuedAtSeconds: number): RevocationCheck {
    if (this.users.has(auth.userId)) return { status: 'revoked', reason: 'user-deleted' };
    if (this.sessions.has(auth.sessionId)) return { status: 'revoked', reason: 'session-ended' };
    if (auth.orgId === null) return { status: 'valid', auth };
    if (this.organizations.has(auth.orgId)) return { status: 'valid', auth: withoutOrganizationAccess(auth) };
    const change = this.memberships.get(membershipKey(auth.orgId, auth.userId));
    // `iat` has whole seconds: a token from the second of the change may predate it, so it is judged
    // by the membership too (which then agrees with its claims if it came after).
    if (!change || issuedAtSeconds * 1000 >= change.at + 1000) return { status: 'valid', auth };
    if (change.role === null) return { status: 'valid', auth: withoutOrganizationAccess(auth) };
    if (change.role === auth.orgRole) return { status: 'valid', auth };
    return {
      status: 'valid',
      auth: Object.freeze({
        ...auth,
        orgRole: change.role,
        orgPermissions: Object.freeze([...this.permissionsOf(change.role)]) as string[],
      }),
    };
  }

  apply(fact: RevocationFact): void {
    this.store(fact);
    for (const listener of this.listeners) safely(() => listener.onFact(fact));
  }

  /** Replaces everything with `facts` (a reload from the mirror after the feed was down). */
  reset(facts: Iterable<RevocationFact>): void {
    this.users.clear();
    this.organizations.clear();
    this.sessions.clear();
    this.memberships.clear();
    for (const fact of facts) this.store(fact);
    for (const listener of this.listeners) safely(() => listener.onReset());
  }

  /** Forgets ended sessions and membership changes older than the retention. */
  prune(): void {
    const before = this.now() - this.retentionMs;
    for (const [id, at] of this.sessions) if (at < before) this.sessions.delete(id);
    for (const [key, change] of this.memberships) if (change.at < before) this.memberships.delete(key);
  }

  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entries held, for health reports and tests. */
  get size(): number {
    return this.users.size + this.organizations.size + this.sessions.size + this.memberships.size;
  }

  private store(fact: RevocationFact): void {
    switch (fact.kind) {
      case 'user-deleted':
        this.users.add(fact.userId);
        return;
      case 'organization-deleted':
        this.organizations.add(fact.orgId);
        return;
      case 'session-ended':
        this.sessions.set(fact.sessionId, fact.at);
        return;
      case 'membership-changed': {
        const key = membershipKey(fact.orgId, fact.userId);
        const known = this.memberships.get(key);
        // Facts may arrive twice (the commit hook, then the bus) or out of order: the newest wins.
        if (!known || fact.at >= known.at) this.memberships.set(key, { role: fact.role, at: fact.at });
        return;
      }
    }
  }
}

/** The token's organization, with no role or permission left in it (see `orgAccessRevoked`). */
function withoutOrganizationAccess(auth: AuthState): AuthState {
  return Object.freeze({ ...auth, orgRole: null, orgPermissions: NO_PERMISSIONS as string[] });
}

function safely(call: () => void): void {
  try {
    call();
  } catch {
    // One broken listener must not keep a revocation from the others.
  }
}
