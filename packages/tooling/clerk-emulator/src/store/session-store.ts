import { newId } from '../util/ids.js';
import { ChangeFeed } from './change-feed.js';

export type SessionStatus = 'active' | 'revoked' | 'ended' | 'removed';

/** A session as handed out: a frozen snapshot. Times are epoch milliseconds. */
export interface EmulatedSession {
  readonly id: string;
  readonly userId: string;
  readonly clientId: string;
  readonly status: SessionStatus;
  /** The organization whose claims the session's tokens carry (`null`: personal account). */
  readonly activeOrganizationId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastActiveAt: number;
  readonly expireAt: number;
  readonly abandonAt: number;
}

// Clerk defaults: sessions expire after 7 days, are abandoned after 30 days of inactivity.
const EXPIRE_AFTER_MS = 7 * 24 * 3600 * 1000;
const ABANDON_AFTER_MS = 30 * 24 * 3600 * 1000;

/** A session opened, or ended by someone (`session.status` says how: revoked, ended or removed). */
export interface SessionChange {
  readonly action: 'created' | 'ended';
  readonly session: EmulatedSession;
}

export class SessionStore {
  readonly #sessions = new Map<string, EmulatedSession>();
  /** Openings and endings (Clerk's `session.created|ended|removed|revoked`); a lazy expiry is neither. */
  readonly changes = new ChangeFeed<SessionChange>();

  /** The caller checks that the user exists and is a member of the organization (the store knows neither). */
  create(
    userId: string,
    clientId: string = newId('client'),
    activeOrganizationId: string | null = null,
  ): EmulatedSession {
    const now = Date.now();
    const session: EmulatedSession = Object.freeze({
      id: newId('sess'),
      userId,
      clientId,
      status: 'active',
      activeOrganizationId,
      createdAt: now,
      updatedAt: now,
      lastActiveAt: now,
      expireAt: now + EXPIRE_AFTER_MS,
      abandonAt: now + ABANDON_AFTER_MS,
    });
    this.#sessions.set(session.id, session);
    this.changes.emit({ action: 'created', session });
    return session;
  }

  get(id: string): EmulatedSession | undefined {
    const session = this.#sessions.get(id);
    // Expiry is evaluated lazily; a past expire_at reads as 'expired' in Clerk but we only need "not active".
    if (session && session.status === 'active' && session.expireAt <= Date.now())
      return this.#replace(session, { status: 'ended' });
    return session;
  }

  /** Active session or undefined: the only sessions that may receive tokens. */
  getActive(id: string): EmulatedSession | undefined {
    const session = this.get(id);
    return session?.status === 'active' ? session : undefined;
  }

  listForUser(userId: string): EmulatedSession[] {
    return [...this.#sessions.values()].filter((s) => s.userId === userId).sort((a, b) => b.createdAt - a.createdAt);
  }

  list(): EmulatedSession[] {
    return [...this.#sessions.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Ends the session (revoked by the backend, ended/removed by the user). Idempotent. */
  end(id: string, status: Exclude<SessionStatus, 'active'> = 'revoked'): EmulatedSession | undefined {
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.status !== 'active') return session;
    const ended = this.#replace(session, { status });
    this.changes.emit({ action: 'ended', session: ended });
    return ended;
  }

  /** Ends every active session of a user (user deleted, password changed with sign-out). */
  endAllForUser(userId: string, exceptSessionId?: string): void {
    for (const session of this.#sessions.values())
      if (session.userId === userId && session.id !== exceptSessionId) this.end(session.id, 'revoked');
  }

  /** Records activity; `activeOrganizationId` (when given) switches the organization of later tokens. */
  touch(id: string, activeOrganizationId?: string | null): EmulatedSession | undefined {
    const session = this.getActive(id);
    if (!session) return undefined;
    const now = Date.now();
    return this.#replace(session, {
      lastActiveAt: now,
      ...(activeOrganizationId === undefined ? {} : { activeOrganizationId }),
    });
  }

  /**
   * A user left (or was removed from) an organization: their sessions on it fall back to the
   * personal account, as Clerk's do, so later tokens carry no claims for it.
   */
  leaveOrganization(userId: string, organizationId: string): void {
    for (const session of this.#sessions.values())
      if (session.userId === userId && session.activeOrganizationId === organizationId)
        this.#replace(session, { activeOrganizationId: null });
  }

  /** Every session, for the store file. */
  snapshot(): EmulatedSession[] {
    return [...this.#sessions.values()];
  }

  /** Replaces the contents with sessions read back from the store file. */
  restore(sessions: readonly EmulatedSession[]): void {
    this.#sessions.clear();
    for (const session of sessions) this.#sessions.set(session.id, Object.freeze({ ...session }));
  }

  #replace(session: EmulatedSession, change: Partial<EmulatedSession>): EmulatedSession {
    const next = Object.freeze({ ...session, ...change, updatedAt: Math.max(Date.now(), session.updatedAt + 1) });
    this.#sessions.set(session.id, next);
    return next;
  }
}
