import type { JsonObject } from '../util/json.js';

/** A user as the store hands it out: a detached snapshot, never the stored record. */
export interface EmulatedUser {
  readonly id: string;
  readonly email: string;
  readonly emailAddressId: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly username: string | null;
  readonly externalId: string | null;
  readonly imageUrl: string;
  readonly publicMetadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly unsafeMetadata: JsonObject;
  readonly passwordEnabled: boolean;
  /** Milliseconds since the epoch, as Clerk's API reports them. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastSignInAt: number | null;
}

export interface CreateUserInput {
  id?: string;
  email: string;
  password?: string;
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  externalId?: string | null;
  imageUrl?: string;
  publicMetadata?: JsonObject;
  privateMetadata?: JsonObject;
  unsafeMetadata?: JsonObject;
}

/** Fields to change; omitted fields stay, `null` clears a nullable field. Metadata replaces wholesale. */
export type UserPatch = Partial<Omit<CreateUserInput, 'id'>>;

export type UserOrderField = 'created_at' | 'updated_at' | 'email_address' | 'first_name' | 'last_name' | 'username';

export interface UserFilter {
  /** Exact, case-insensitive. */
  emailAddresses?: readonly string[];
  userIds?: readonly string[];
  usernames?: readonly string[];
  externalIds?: readonly string[];
  /** Case-insensitive substring of id, email, names or username. */
  query?: string;
  /** Default `-created_at` (newest first), like Clerk. */
  orderBy?: { field: UserOrderField; direction: 'asc' | 'desc' };
}

export type UserStoreErrorCode = 'not_found' | 'invalid' | 'identifier_exists';

/** Store failure with the offending field, so the HTTP layer can answer Clerk-shaped. */
export class UserStoreError extends Error {
  readonly code: UserStoreErrorCode;
  readonly param: string | undefined;
  constructor(code: UserStoreErrorCode, message: string, param?: string) {
    super(message);
    this.name = 'UserStoreError';
    this.code = code;
    this.param = param;
  }
}
