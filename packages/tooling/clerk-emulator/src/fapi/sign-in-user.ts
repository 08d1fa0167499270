import type { EmulatedClient } from '../store/client-types.js';
import { openSession } from '../store/open-session.js';
import type { EmulatedSession } from '../store/session-store.js';
import type { FapiContext } from './context.js';
import { fapiErrors } from './errors.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);
// The client remembers its recent sessions only (a long-lived dev browser signs in and out a lot).
const MAX_SESSIONS_PER_CLIENT = 20;

/** Single-session instance: a second sign-in on a signed-in client is refused, as Clerk does. */
export function assertSignedOut(ctx: FapiContext): void {
  if (ctx.activeSessions().length > 0) throw fapiErrors.sessionExists();
}

/**
 * Opens a session for `userId` on `client` and returns it with the client record to commit.
 * Synchronous and infallible once called, so it runs as a handler's last step before `commit`.
 */
export function startSession(
  ctx: FapiContext,
  client: EmulatedClient,
  userId: string,
): { session: EmulatedSession; client: EmulatedClient } {
  const session = openSession({ users: ctx.deps.users, sessions: ctx.deps.sessions, orgs: ctx.deps.orgs }, userId, {
    clientId: client.id,
  });
  ctx.deps.users.recordSignIn(userId);
  return {
    session,
    client: {
      ...client,
      sessionIds: [...client.sessionIds, session.id].slice(-MAX_SESSIONS_PER_CLIENT),
      lastActiveSessionId: session.id,
      authChangedAt: nowSeconds(),
    },
  };
}

/**
 * The client after some of its sessions ended: last active session and `__client_uat` time updated.
 * Ended sessions stay listed, so clerk-js asking for one gets 401 signed_out rather than 404.
 */
export function afterSessionsEnded(ctx: FapiContext, client: EmulatedClient): EmulatedClient {
  const live = client.sessionIds.filter((id) => ctx.deps.sessions.getActive(id));
  const lastActive = live.includes(client.lastActiveSessionId ?? '')
    ? client.lastActiveSessionId
    : (live.at(-1) ?? null);
  return { ...client, lastActiveSessionId: lastActive, authChangedAt: nowSeconds() };
}
