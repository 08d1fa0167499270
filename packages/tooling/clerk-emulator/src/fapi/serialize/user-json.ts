import { toUserJson } from '../../bapi/serialize/user-json.js';
import type { EmulatedUser } from '../../store/user-types.js';
import type { FapiView } from '../view.js';
import { toFapiMembershipJson } from './organization-json.js';

/**
 * The user as the Frontend API shows it to the user themself: Backend API fields minus
 * `private_metadata` (never sent to browsers), plus every organization membership (clerk-js
 * derives `clerk.organization` from these and the session's `last_active_organization_id`).
 */
export function toFapiUserJson(user: EmulatedUser, view: FapiView): Record<string, unknown> {
  const { private_metadata: _private, ...json } = toUserJson(user);
  const v = { orgs: view.orgs, users: view.users, view };
  return {
    ...json,
    image_url: view.imageUrl(user.imageUrl),
    organization_memberships: view.orgs.listMemberships({ userId: user.id }).map((m) => toFapiMembershipJson(m, v)),
  };
}
