import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../seed/seed-schema.js';
import type { UserPatch } from '../../store/user-types.js';
import type { JsonObject } from '../../util/json.js';
import {
  booleanParam,
  FieldErrors,
  metadataParam,
  rejectUnknownParams,
  requireObjectBody,
  stringParam,
} from './body-fields.js';

// What `users.updateUser` can send that the emulator models; anything else is a 422, not silently dropped.
const ALLOWED = [
  'first_name',
  'last_name',
  'username',
  'external_id',
  'password',
  'skip_password_checks',
  'sign_out_of_other_sessions',
  'public_metadata',
  'private_metadata',
  'unsafe_metadata',
] as const;

export interface UpdateUserRequest {
  patch: UserPatch;
  signOutOfOtherSessions: boolean;
}

/** Validates a `PATCH /v1/users/:id` body completely, or throws a 422 listing every bad field. */
export function parseUpdateUserBody(rawBody: unknown): UpdateUserRequest {
  const body = requireObjectBody(rawBody);
  const errors = new FieldErrors();
  rejectUnknownParams(body, ALLOWED, errors);
  const patch: UserPatch = {};
  assign(patch, 'firstName', stringParam(body, 'first_name', { max: NAME_MAX_LENGTH, nullable: true }, errors));
  assign(patch, 'lastName', stringParam(body, 'last_name', { max: NAME_MAX_LENGTH, nullable: true }, errors));
  assign(
    patch,
    'username',
    stringParam(
      body,
      'username',
      {
        min: 4,
        max: 64,
        pattern: /^[a-z0-9_-]+$/,
        patternHint: 'may only contain lowercase letters, digits, _ and -',
        nullable: true,
      },
      errors,
    ),
  );
  assign(patch, 'externalId', stringParam(body, 'external_id', { min: 1, max: 256, nullable: true }, errors));
  assign(
    patch,
    'password',
    stringParam(body, 'password', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }, errors),
  );
  booleanParam(body, 'skip_password_checks', errors); // accepted for compatibility; the emulator has no breach list
  const signOut = booleanParam(body, 'sign_out_of_other_sessions', errors);
  // PATCH /users/:id replaces metadata wholesale (merging is PATCH /users/:id/metadata).
  assign(patch, 'publicMetadata', metadataParam(body, 'public_metadata', errors));
  assign(patch, 'privateMetadata', metadataParam(body, 'private_metadata', errors));
  assign(patch, 'unsafeMetadata', metadataParam(body, 'unsafe_metadata', errors));
  errors.throwIfAny();
  return { patch, signOutOfOtherSessions: signOut === true && patch.password !== undefined };
}

/** `null` clears a field (both for merge and for replace). */
export interface MetadataRequest {
  publicMetadata?: JsonObject | null;
  privateMetadata?: JsonObject | null;
  unsafeMetadata?: JsonObject | null;
}

/** Body of `PATCH|PUT /v1/users/:id/metadata`. */
export function parseMetadataBody(rawBody: unknown): MetadataRequest {
  const body = requireObjectBody(rawBody);
  const errors = new FieldErrors();
  rejectUnknownParams(body, ['public_metadata', 'private_metadata', 'unsafe_metadata'], errors);
  const request: MetadataRequest = {};
  assign(request, 'publicMetadata', metadataParam(body, 'public_metadata', errors, true));
  assign(request, 'privateMetadata', metadataParam(body, 'private_metadata', errors, true));
  assign(request, 'unsafeMetadata', metadataParam(body, 'unsafe_metadata', errors, true));
  errors.throwIfAny();
  return request;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
