import { DEFAULT_IMAGE_URL } from '../../store/user-store.js';
import type { EmulatedUser } from '../../store/user-types.js';
import type { FapiView } from '../view.js';

/** `admin` → `Admin`, `billing_manager` → `Billing manager`. */
const roleName = (role: string) => (role.charAt(0).toUpperCase() + role.slice(1)).replace(/_/g, ' ');

/**
 * OrganizationMembershipJSON for a user's one membership. The seed names organizations only by
 * slug, so the slug doubles as the display name.
 */
export function toOrganizationMembershipJson(
  user: EmulatedUser,
  membersCount: number,
  view: FapiView,
): Record<string, unknown> | null {
  const org = user.organization;
  if (!org) return null;
  return {
    object: 'organization_membership',
    id: `orgmem_${user.id.replace(/^user_/, '')}_${org.id.replace(/^org_/, '')}`,
    role: `org:${org.role}`,
    role_name: roleName(org.role),
    permissions: [...org.permissions],
    public_metadata: {},
    organization: {
      object: 'organization',
      id: org.id,
      name: org.slug,
      slug: org.slug,
      image_url: view.imageUrl(DEFAULT_IMAGE_URL),
      has_image: false,
      members_count: membersCount,
      pending_invitations_count: 0,
      public_metadata: {},
      admin_delete_enabled: false,
      max_allowed_memberships: 100,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    },
    public_user_data: publicUserData(user, view),
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** The part of a user other members and the session widgets may see. */
export function publicUserData(user: EmulatedUser, view: FapiView): Record<string, unknown> {
  return {
    user_id: user.id,
    identifier: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: view.imageUrl(user.imageUrl),
    has_image: false,
    username: user.username,
  };
}
