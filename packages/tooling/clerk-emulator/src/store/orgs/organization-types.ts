import type { JsonObject } from '../../util/json.js';
import type { ChangeAction } from '../change-feed.js';

/**
 * An instance-level role (`org:admin`). `permissions` are custom `org:<feature>:<permission>`
 * names (in session tokens); `systemPermissions` are Clerk's `org:sys_*` (only on the membership
 * clerk-js sees, where its UI gates on them; never in a token).
 */
export interface EmulatedRole {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly systemPermissions: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface EmulatedOrganization {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  /** `null`: no logo (the default image is shown). */
  readonly imageUrl: string | null;
  readonly createdBy: string | null;
  readonly maxAllowedMemberships: number;
  readonly adminDeleteEnabled: boolean;
  readonly publicMetadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface EmulatedMembership {
  /** `orgmem_…`; re-adding a user makes a new one. */
  readonly id: string;
  readonly organizationId: string;
  readonly userId: string;
  /** Role key with the prefix, e.g. `org:admin`. */
  readonly role: string;
  readonly publicMetadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface EmulatedInvitation {
  /** `orginv_…` */
  readonly id: string;
  readonly organizationId: string;
  readonly emailAddress: string;
  readonly role: string;
  readonly status: InvitationStatus;
  readonly inviterUserId: string | null;
  /** Set when accepted. */
  readonly userId: string | null;
  readonly publicMetadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly expiresAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface RoleInput {
  key: string;
  name?: string;
  description?: string;
  permissions?: readonly string[];
  systemPermissions?: readonly string[];
}

export interface CreateOrganizationInput {
  id?: string;
  name: string;
  /** Derived from the name when omitted. */
  slug?: string;
  imageUrl?: string | null;
  createdBy?: string | null;
  maxAllowedMemberships?: number;
  adminDeleteEnabled?: boolean;
  publicMetadata?: JsonObject;
  privateMetadata?: JsonObject;
}

export type OrganizationPatch = Partial<Omit<CreateOrganizationInput, 'id' | 'createdBy'>>;

export type OrganizationStoreErrorCode =
  'not_found' | 'invalid' | 'exists' | 'already_member' | 'quota_exceeded' | 'last_admin';

/** A failed organization call, naming the offending field, so the HTTP layers can answer Clerk-shaped. */
export class OrganizationStoreError extends Error {
  readonly code: OrganizationStoreErrorCode;
  readonly param: string | undefined;
  /** What was not found (`organization`, `membership`, `role`, `invitation`). */
  readonly resource: string | undefined;
  constructor(code: OrganizationStoreErrorCode, message: string, param?: string, resource?: string) {
    super(message);
    this.name = 'OrganizationStoreError';
    this.code = code;
    this.param = param;
    this.resource = resource;
  }
}

/** What the organization store reports after each change (see `OrganizationStore.changes`). */
export type OrganizationChange =
  | { readonly entity: 'organization'; readonly action: ChangeAction; readonly organization: EmulatedOrganization }
  | { readonly entity: 'membership'; readonly action: ChangeAction; readonly membership: EmulatedMembership };
