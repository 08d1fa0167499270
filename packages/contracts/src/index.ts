// @stack/contracts: what hosts implement and adapters import, without loading the router.
export { type ActiveOrganization, activeOrganizationOf } from './active-organization.js';
export type { AuthState } from './auth-state.js';
export {
  activeOrg,
  hasPermission,
  MISSING_PERMISSION_MESSAGE,
  NO_ACTIVE_ORG_MESSAGE,
  orgAccessRevoked,
  type OrgAuthState,
  UNAUTHORIZED_MESSAGE,
} from './authorization.js';
export {
  AccessRevokedError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  UserNotFoundError,
} from './errors.js';
export { MAX_BATCH_SIZE, MAX_BODY_SIZE, NAME_MAX_LENGTH } from './limits.js';
export type { NoteChange, NoteChangeEvent, NoteChangeStreams, StreamHolder } from './note-changes.js';
export type { Note, NoteDraft, NotePage, NotePatch, NotePerson, NoteScope, NoteService } from './notes.js';
export {
  APP_FEATURES,
  APP_PERMISSIONS,
  APP_ROLES,
  type AppPermission,
  type AppRole,
  type RoleDefinition,
} from './permissions.js';
export {
  RATE_LIMIT_POLICIES,
  RATE_LIMIT_POLICY_NAMES,
  RATE_LIMIT_WINDOW_SECONDS,
  type RateLimitPolicyName,
  TOO_MANY_REQUESTS_MESSAGE,
} from './rate-limits.js';
export type { RevocationFact } from './revocation.js';
export {
  answerForServiceError,
  SERVICE_UNAVAILABLE_MESSAGE,
  type ServiceErrorAnswer,
  STREAM_ENDED_MESSAGES,
  TOO_MANY_STREAMS_MESSAGE,
} from './service-error-answer.js';
export type { ProfilePatch, Services, UserDirectory, UserLookupSource, UserProfile } from './services.js';
export { StreamEndedError, type StreamEndReason, StreamRevokedError, TooManyStreamsError } from './stream-errors.js';
