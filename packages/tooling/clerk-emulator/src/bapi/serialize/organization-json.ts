import type { OrganizationStore } from '../../store/orgs/organization-store.js';
import type {
  EmulatedInvitation,
  EmulatedMembership,
  EmulatedOrganization,
} from '../../store/orgs/organization-types.js';
import { DEFAULT_IMAGE_URL, type UserStore } from '../../store/user-store.js';

/** Clerk's OrganizationJSON as @clerk/backend's `Organization.fromJSON` reads it (with private metadata). */
export function toBapiOrganizationJson(org: EmulatedOrganization, orgs: OrganizationStore): Record<string, unknown> {
  return {
    object: 'organization',
    id: org.id,
    name: org.name,
    slug: org.slug,
    image_url: org.imageUrl ?? DEFAULT_IMAGE_URL,
    has_image: org.imageUrl !== null,
    members_count: orgs.membersCount(org.id),
    pending_invitations_count: orgs.pendingInvitationsCount(org.id),
    max_allowed_memberships: org.maxAllowedMemberships,
    admin_delete_enabled: org.adminDeleteEnabled,
    public_metadata: org.publicMetadata,
    private_metadata: org.privateMetadata,
    created_by: org.createdBy,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
  };
}

/** OrganizationMembershipJSON: the organization and the member's public data embedded. */
export function toBapiMembershipJson(
  membership: EmulatedMembership,
  orgs: OrganizationStore,
  users: UserStore,
): Record<string, unknown> {
  const role = orgs.roles.get(membership.role);
  const user = users.get(membership.userId);
  return {
    object: 'organization_membership',
    id: membership.id,
    role: membership.role,
    role_name: role?.name ?? membership.role,
    permissions: role ? [...role.permissions, ...role.systemPermissions] : [],
    public_metadata: membership.publicMetadata,
    private_metadata: membership.privateMetadata,
    organization: toBapiOrganizationJson(orgs.require(membership.organizationId), orgs),
    public_user_data: {
      user_id: membership.userId,
      identifier: user?.email ?? '',
      first_name: user?.firstName ?? null,
      last_name: user?.lastName ?? null,
      image_url: user?.imageUrl ?? DEFAULT_IMAGE_URL,
      has_image: false,
    },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

/** OrganizationInvitationJSON. */
export function toBapiInvitationJson(invitation: EmulatedInvitation, orgs: OrganizationStore): Record<string, unknown> {
  const org = orgs.get(invitation.organizationId);
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    role: invitation.role,
    role_name: orgs.roles.get(invitation.role)?.name ?? invitation.role,
    organization_id: invitation.organizationId,
    public_organization_data: org
      ? {
          id: org.id,
          name: org.name,
          slug: org.slug,
          image_url: org.imageUrl ?? DEFAULT_IMAGE_URL,
          has_image: org.imageUrl !== null,
        }
      : null,
    status: invitation.status,
    public_metadata: invitation.publicMetadata,
    private_metadata: invitation.privateMetadata,
    url: null,
    expires_at: invitation.expiresAt,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
  };
}
