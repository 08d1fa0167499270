import { toUserJson } from '../../bapi/serialize/user-json.js';
import type { EmulatedUser } from '../../store/user-types.js';
import type { FapiView } from '../view.js';
import { toOrganizationMembershipJson } from './organization-json.js';

/**
 * The user as the Frontend API shows it to the user themself: Backend API fields minus
 * `private_metadata` (never sent to browsers), plus organization memberships.
 */
export function toFapiUserJson(user: EmulatedUser, view: FapiView): Record<string, unknown> {
  const { private_metadata: _private, ...json } = toUserJson(user);
  const membersCount = user.organization
    ? view.users.list().filter((u) => u.organization?.id === user.organization?.id).length
    : 0;
  const membership = toOrganizationMembershipJson(user, membersCount, view);
  return { ...json, image_url: view.imageUrl(user.imageUrl), organization_memberships: membership ? [membership] : [] };
}
