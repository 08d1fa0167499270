export {
  applyIgnoredEvent,
  applyMembershipEvent,
  applyOrganizationEvent,
  applySessionEvent,
  applyUserEvent,
} from './apply-events.js';
export { Mirror, type MirrorPublisher } from './mirror.js';
export type {
  ApplyOutcome,
  ApplyStatus,
  MembershipEvent,
  MirrorChange,
  MirrorMembership,
  MirrorOrganization,
  MirrorUser,
  OrganizationEvent,
  SessionEndedEvent,
  UserEvent,
} from './mirror-records.js';
export { MirrorUserDirectory, mirrorUserFromProfile } from './mirror-user-directory.js';
export { type RepairCounts, repairMemberships, repairOrganizations, repairUsers } from './repair-mirror.js';
