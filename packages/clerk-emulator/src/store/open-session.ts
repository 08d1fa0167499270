import { newId } from '../util/ids.js';
import type { EmulatedSession, SessionStore } from './session-store.js';
import type { UserStore } from './user-store.js';

/**
 * A new active session for an existing user. The user's organization starts out active, as in a
 * Clerk instance where members land in their organization: its claims are in every token.
 */
export function openSession(
  users: UserStore,
  sessions: SessionStore,
  userId: string,
  clientId: string = newId('client'),
): EmulatedSession {
  const user = users.get(userId);
  if (!user) throw new Error(`openSession: no user with id ${userId}`);
  return sessions.create(userId, clientId, user.organization?.id ?? null);
}
