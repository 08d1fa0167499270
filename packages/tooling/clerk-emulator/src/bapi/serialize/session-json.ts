import type { EmulatedSession } from '../../store/session-store.js';

/** Clerk's SessionJSON, as `Session.fromJSON` reads it. */
export function toSessionJson(session: EmulatedSession): Record<string, unknown> {
  return {
    object: 'session',
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: session.status,
    last_active_organization_id: session.activeOrganizationId,
    actor: null,
    latest_activity: null,
    last_active_at: session.lastActiveAt,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}
