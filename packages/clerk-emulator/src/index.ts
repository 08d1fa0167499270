// Public API of @stack/clerk-emulator.
export { startClerkEmulator } from './start-clerk-emulator.js';
export type { ClerkEmulator } from './clerk-emulator.js';
export type { ClerkEmulatorOptions } from './options.js';
export type { MintOptions } from './tokens/mint-session-token.js';
export { JWT_CATEGORY_JWT_TEMPLATE, JWT_CATEGORY_SESSION_TOKEN } from './tokens/mint-session-token.js';
export { ROUTE_NAMES, type RouteName } from './bapi/route-names.js';
export type { RouteStats } from './bapi/route-stats.js';
export type { Fault, FaultInjector, FaultTarget } from './faults/fault-injector.js';
export { UserStore } from './store/user-store.js';
export {
  UserStoreError,
  type CreateUserInput,
  type EmulatedOrganizationMembership,
  type EmulatedUser,
  type UserFilter,
  type UserPatch,
} from './store/user-types.js';
export type { EmulatedSession, SessionStatus } from './store/session-store.js';
export { emulatorSeedSchema, seedUserSchema, seedOrganizationSchema, type EmulatorSeed, type SeedUser, type SeedOrganization } from './seed/seed-schema.js';
export { loadSeedFile, parseSeed, SeedValidationError } from './seed/load-seed.js';
export { publishableKeyFor } from './keys/publishable-key.js';
export { DEV_SEED_FILE } from './seed/dev-seed-file.js';
