import { toBapiMembershipJson, toBapiOrganizationJson } from '../bapi/serialize/organization-json.js';
import { toSessionJson } from '../bapi/serialize/session-json.js';
import type { toUserJson } from '../bapi/serialize/user-json.js';
import type { OrganizationStore } from '../store/orgs/organization-store.js';
import type { SessionStore } from '../store/session-store.js';
import type { UserStore } from '../store/user-store.js';

/** The Clerk event types the emulator sends. */
export type WebhookEventType =
  | 'user.created'
  | 'user.updated'
  | 'user.deleted'
  | 'organization.created'
  | 'organization.updated'
  | 'organization.deleted'
  | 'organizationMembership.created'
  | 'organizationMembership.updated'
  | 'organizationMembership.deleted'
  | 'session.created'
  | 'session.ended'
  | 'session.removed'
  | 'session.revoked';

export interface WebhookEventSources {
  readonly users: UserStore;
  readonly orgs: OrganizationStore;
  readonly sessions: SessionStore;
  /** The Backend API's avatar URL for users without an image (the same JSON the API answers). */
  readonly userJson: (user: Parameters<typeof toUserJson>[0]) => Record<string, unknown>;
}

/**
 * Turns every store change into a Clerk event: `data` is the Backend API's JSON for the entity
 * at the moment of the change (serialized now, not at delivery); a deleted user or organization
 * is Clerk's deleted object, a deleted membership the full membership (as Clerk sends it); a
 * session is its SessionJSON with its user (null once the user is deleted), as Clerk's session
 * events carry it, `session.<status>` when it ends. Returns the unsubscribe function.
 */
export function subscribeWebhookEvents(
  sources: WebhookEventSources,
  publish: (type: WebhookEventType, data: Record<string, unknown>) => void,
): () => void {
  const { users, orgs, sessions } = sources;
  const stopUsers = users.changes.subscribe(({ action, user }) => {
    if (action === 'deleted') {
      publish('user.deleted', {
        id: user.id,
        object: 'user',
        deleted: true,
        ...(user.externalId === null ? {} : { external_id: user.externalId }),
      });
    } else publish(`user.${action}`, sources.userJson(user));
  });
  const stopOrgs = orgs.changes.subscribe((change) => {
    if (change.entity === 'organization') {
      const org = change.organization;
      if (change.action === 'deleted')
        publish('organization.deleted', { id: org.id, object: 'organization', slug: org.slug, deleted: true });
      else publish(`organization.${change.action}`, toBapiOrganizationJson(org, orgs));
    } else {
      publish(`organizationMembership.${change.action}`, toBapiMembershipJson(change.membership, orgs, users));
    }
  });
  const stopSessions = sessions.changes.subscribe(({ action, session }) => {
    const user = users.get(session.userId);
    const data = { ...toSessionJson(session), user: user ? sources.userJson(user) : null };
    publish(
      action === 'created' ? 'session.created' : `session.${session.status as 'ended' | 'removed' | 'revoked'}`,
      data,
    );
  });
  return () => {
    stopUsers();
    stopOrgs();
    stopSessions();
  };
}
