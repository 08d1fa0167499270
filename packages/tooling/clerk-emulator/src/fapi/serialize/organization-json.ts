import type { OrganizationStore } from '../../store/orgs/organization-store.js';
import type {
  EmulatedInvitation,
  EmulatedMembership,
  EmulatedOrganization,
  EmulatedRole,
} from '../../store/orgs/organization-types.js';
import { DEFAULT_IMAGE_URL, type UserStore } from '../../store/user-store.js';
import type { EmulatedUser } from '../../store/user-types.js';
import type { FapiView } from '../view.js';

/** What the organization serializers read besides the record itself. */
export interface OrgView {
  readonly orgs: OrganizationStore;
  readonly users: UserStore;
  readonly view: FapiView;
}

/** `Client.Organization` (clerk-js `Organization.fromJSON`). */
export function toFapiOrganizationJson(org: EmulatedOrganization, v: OrgView): Record<string, unknown> {
  return {
    object: 'organization',
    id: org.id,
    name: org.name,
    slug: org.slug,
    image_url: v.view.imageUrl(org.imageUrl ?? DEFAULT_IMAGE_URL),
    has_image: org.imageUrl !== null,
    members_count: v.orgs.membersCount(org.id),
    pending_invitations_count: v.orgs.pendingInvitationsCount(org.id),
    max_allowed_memberships: org.maxAllowedMemberships,
    admin_delete_enabled: org.adminDeleteEnabled,
    self_serve_sso_enabled: false,
    public_metadata: org.publicMetadata,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
  };
}

/**
 * `Client.OrganizationMembership`. `permissions` includes the role's system permissions: clerk-js
 * gates its organization UI on them (`useProtect`), unlike the session token, which never has them.
 */
export function toFapiMembershipJson(membership: EmulatedMembership, v: OrgView): Record<string, unknown> {
  const org = v.orgs.require(membership.organizationId);
  const role = v.orgs.roles.get(membership.role);
  const user = v.users.get(membership.userId);
  return {
    object: 'organization_membership',
    id: membership.id,
    role: membership.role,
    role_name: role?.name ?? membership.role,
    permissions: role ? [...role.permissions, ...role.systemPermissions] : [],
    public_metadata: membership.publicMetadata,
    organization: toFapiOrganizationJson(org, v),
    public_user_data: user ? publicUserData(user, v.view) : { user_id: membership.userId, identifier: '' },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

/** The organization's public card, embedded in a user's invitations. */
function publicOrganizationData(org: EmulatedOrganization | undefined, v: OrgView): Record<string, unknown> | null {
  if (!org) return null;
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    image_url: v.view.imageUrl(org.imageUrl ?? DEFAULT_IMAGE_URL),
    has_image: org.imageUrl !== null,
  };
}

/** `OrganizationInvitation` (the organization's list) and, with its public card, a user's invitation. */
export function toFapiInvitationJson(invitation: EmulatedInvitation, v: OrgView): Record<string, unknown> {
  const org = v.orgs.get(invitation.organizationId);
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    role: invitation.role,
    role_name: v.orgs.roles.get(invitation.role)?.name ?? invitation.role,
    organization_id: invitation.organizationId,
    public_organization_data: publicOrganizationData(org, v),
    status: invitation.status,
    public_metadata: invitation.publicMetadata,
    url: null,
    expires_at: invitation.expiresAt,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
  };
}

/** `Client.Role` with its permissions (custom and system) as `Client.Permission`. */
export function toRoleJson(role: EmulatedRole): Record<string, unknown> {
  const permission = (key: string, type: 'user' | 'system') => ({
    object: 'permission',
    id: `perm_${key.replace(/[^A-Za-z0-9]/g, '_')}`,
    key,
    name: key,
    description: '',
    type,
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  });
  return {
    object: 'role',
    id: `role_${role.key.replace(/^org:/, '').replace(/[^A-Za-z0-9]/g, '_')}`,
    key: role.key,
    name: role.name,
    description: role.description,
    is_creator_eligible: true,
    permissions: [
      ...role.permissions.map((p) => permission(p, 'user')),
      ...role.systemPermissions.map((p) => permission(p, 'system')),
    ],
    created_at: role.createdAt,
    updated_at: role.updatedAt,
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
