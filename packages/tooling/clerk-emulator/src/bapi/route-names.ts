/** Every Backend API route the emulator serves; used by stats and fault injection. */
export const ROUTE_NAMES = [
  'jwks',
  'listUsers',
  'countUsers',
  'getUser',
  'updateUser',
  'deleteUser',
  'updateUserMetadata',
  'replaceUserMetadata',
  'listSessions',
  'createSession',
  'getSession',
  'revokeSession',
  'createSessionToken',
  'createTemplateToken',
  'getHandshakePayload',
  'listOrganizations',
  'createOrganization',
  'getOrganization',
  'updateOrganization',
  'deleteOrganization',
  'updateOrganizationMetadata',
  'replaceOrganizationMetadata',
  'listOrganizationMemberships',
  'createOrganizationMembership',
  'updateOrganizationMembership',
  'deleteOrganizationMembership',
  'listUserOrganizationMemberships',
  'listOrganizationInvitations',
  'createOrganizationInvitation',
  'createOrganizationInvitationBulk',
  'getOrganizationInvitation',
  'revokeOrganizationInvitation',
] as const;

export type RouteName = (typeof ROUTE_NAMES)[number];

export function isRouteName(value: unknown): value is RouteName {
  return typeof value === 'string' && (ROUTE_NAMES as readonly string[]).includes(value);
}
