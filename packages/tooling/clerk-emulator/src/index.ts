// Public API of @stack/clerk-emulator.
export { ROUTE_NAMES, type RouteName } from './bapi/route-names.js';
export type { RouteStats } from './bapi/route-stats.js';
export type { ClerkEmulator } from './clerk-emulator.js';
export { clerkEnv, renderEnvFile, WEB_PROXY_PATH } from './cli/env-file.js';
export type { Fault, FaultInjector, FaultTarget } from './faults/fault-injector.js';
export { publishableKeyFor } from './keys/publishable-key.js';
export type { ClerkEmulatorOptions } from './options.js';
export { DEFAULT_FRONTEND_API_HOST, DEFAULT_VERIFICATION_CODE } from './options.js';
export { loadSeedFile, parseSeed, SeedValidationError } from './seed/load-seed.js';
export {
  type EmulatorSeed,
  emulatorSeedSchema,
  type ParsedSeed,
  type SeedOrganization,
  seedOrganizationSchema,
  type SeedRole,
  seedRoleSchema,
  type SeedUser,
  seedUserSchema,
} from './seed/seed-schema.js';
export { startClerkEmulator } from './start-clerk-emulator.js';
export type { ScriptRequestLog } from './static/clerk-scripts.js';
export type { ClientStore } from './store/client-store.js';
export type { EmulatedClient, FactorVerification, SignInAttempt, SignUpAttempt } from './store/client-types.js';
export { DEFAULT_MAX_ALLOWED_MEMBERSHIPS, slugify } from './store/orgs/organization-rules.js';
export { OrganizationStore, type StoredOrganizations } from './store/orgs/organization-store.js';
export {
  type CreateOrganizationInput,
  type EmulatedInvitation,
  type EmulatedMembership,
  type EmulatedOrganization,
  type EmulatedRole,
  type InvitationStatus,
  type OrganizationChange,
  type OrganizationPatch,
  OrganizationStoreError,
  type RoleInput,
} from './store/orgs/organization-types.js';
export { DEFAULT_ROLES, RoleRegistry } from './store/orgs/role-registry.js';
export { SYSTEM_PERMISSIONS, type SystemPermission } from './store/orgs/system-permissions.js';
export type { EmulatedSession, SessionStatus } from './store/session-store.js';
export { type UserChange, UserStore } from './store/user-store.js';
export {
  type CreateUserInput,
  type EmulatedUser,
  type UserFilter,
  type UserPatch,
  UserStoreError,
} from './store/user-types.js';
export type { MintOptions } from './tokens/mint-session-token.js';
export { JWT_CATEGORY_JWT_TEMPLATE, JWT_CATEGORY_SESSION_TOKEN } from './tokens/mint-session-token.js';
export { encodeOrgClaims, type OrgClaim, type OrgClaimInput } from './tokens/org-claims.js';
export { signWebhook } from './webhooks/sign-webhook.js';
export type { WebhookEventType } from './webhooks/webhook-events.js';
export type {
  ClerkEmulatorWebhooks,
  WebhookDeliveryAttempt,
  WebhookDeliveryRecord,
  WebhookFaults,
  WebhookOptions,
} from './webhooks/webhook-types.js';
