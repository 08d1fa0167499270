import { newId } from '../util/ids.js';
import { jsonClone, type JsonObject } from '../util/json.js';
import { type ChangeAction, ChangeFeed } from './change-feed.js';
import { hashPassword, verifyPasswordHash } from './password-hash.js';
import { createUserInputSchema, parseOrThrow, userPatchSchema } from './user-input-schema.js';
import { compareUsers, matchesFilter } from './user-query.js';
import {
  type CreateUserInput,
  type EmulatedUser,
  type UserFilter,
  type UserPatch,
  UserStoreError,
} from './user-types.js';

// Clerk serves a generated avatar when a user has no image; any https URL will do here.
export const DEFAULT_IMAGE_URL = 'https://img.clerk.com/emulator-default-avatar.png';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface UserRecord extends Mutable<EmulatedUser> {
  passwordHash: string | null;
  /** Insertion order: tie-breaker when timestamps are equal. */
  seq: number;
}

/** A user as kept in the store file: the snapshot plus its password hash (never the password). */
export type StoredUser = EmulatedUser & { readonly passwordHash: string | null };

export interface UserChange {
  readonly action: ChangeAction;
  readonly user: EmulatedUser;
}

/**
 * In-memory users. Every method validates fully and computes everything that can fail
 * (including password hashing) before touching the map, so a failed call changes nothing.
 */
export class UserStore {
  readonly #users = new Map<string, UserRecord>();
  #seq = 0;
  /** Every create, update and delete (not sign-in bookkeeping, not restore), after it happened. */
  readonly changes = new ChangeFeed<UserChange>();

  /** `options.passwordHash`: a hash made earlier (a sign-up keeps the hash, never the password). */
  async create(input: CreateUserInput, options: { passwordHash?: string } = {}): Promise<EmulatedUser> {
    const data = parseOrThrow(createUserInputSchema, input);
    const passwordHash =
      data.password === undefined ? (options.passwordHash ?? null) : await hashPassword(data.password);
    const id = data.id ?? newId('user');
    // Checked after the await: another create may have run meanwhile.
    if (this.#users.has(id)) throw new UserStoreError('identifier_exists', `user ${id} already exists`, 'id');
    this.#assertUnique({ email: data.email, username: data.username ?? null, externalId: data.externalId ?? null });
    const now = Date.now();
    const record: UserRecord = {
      id,
      email: data.email,
      emailAddressId: newId('idn'),
      firstName: data.firstName ?? null,
      lastName: data.lastName ?? null,
      username: data.username ?? null,
      externalId: data.externalId ?? null,
      imageUrl: data.imageUrl ?? DEFAULT_IMAGE_URL,
      publicMetadata: jsonClone(data.publicMetadata ?? {}),
      privateMetadata: jsonClone(data.privateMetadata ?? {}),
      unsafeMetadata: jsonClone(data.unsafeMetadata ?? {}),
      passwordEnabled: passwordHash !== null,
      passwordHash,
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
      seq: this.#seq++,
    };
    this.#users.set(id, record);
    return this.#emit('created', record);
  }

  get(id: string): EmulatedUser | undefined {
    const record = this.#users.get(id);
    return record && snapshot(record);
  }

  findByEmail(email: string): EmulatedUser | undefined {
    const wanted = email.toLowerCase();
    for (const record of this.#users.values()) if (record.email.toLowerCase() === wanted) return snapshot(record);
    return undefined;
  }

  /** Matching users, sorted (default newest first). */
  list(filter: UserFilter = {}): EmulatedUser[] {
    return [...this.#users.values()]
      .filter((user) => matchesFilter(user, filter))
      .sort(
        (a, b) =>
          compareUsers(a, b, filter.orderBy) || (filter.orderBy?.direction === 'asc' ? a.seq - b.seq : b.seq - a.seq),
      )
      .map(snapshot);
  }

  get size(): number {
    return this.#users.size;
  }

  async update(id: string, patch: UserPatch): Promise<EmulatedUser> {
    const data = parseOrThrow(userPatchSchema, patch);
    this.#require(id);
    const passwordHash = data.password === undefined ? undefined : await hashPassword(data.password);
    const record = this.#require(id); // re-read: it may have been deleted during the await
    this.#assertUnique({ email: data.email, username: data.username, externalId: data.externalId }, id);
    const next: UserRecord = { ...record };
    if (data.email !== undefined) {
      // A different address is a new email object; a case-only change keeps its id.
      const changed = data.email.toLowerCase() !== record.email.toLowerCase();
      Object.assign(next, { email: data.email, emailAddressId: changed ? newId('idn') : record.emailAddressId });
    }
    if (passwordHash !== undefined) Object.assign(next, { passwordHash, passwordEnabled: true });
    if (data.firstName !== undefined) next.firstName = data.firstName;
    if (data.lastName !== undefined) next.lastName = data.lastName;
    if (data.username !== undefined) next.username = data.username;
    if (data.externalId !== undefined) next.externalId = data.externalId;
    if (data.imageUrl !== undefined) next.imageUrl = data.imageUrl;
    if (data.publicMetadata !== undefined) next.publicMetadata = jsonClone(data.publicMetadata);
    if (data.privateMetadata !== undefined) next.privateMetadata = jsonClone(data.privateMetadata);
    if (data.unsafeMetadata !== undefined) next.unsafeMetadata = jsonClone(data.unsafeMetadata);
    next.updatedAt = nextTimestamp(record.updatedAt);
    this.#users.set(id, next);
    return this.#emit('updated', next);
  }

  /** Applies Clerk's metadata semantics computed by the caller (merge or replace) in one step. */
  updateMetadata(
    id: string,
    change: (current: { publicMetadata: JsonObject; privateMetadata: JsonObject; unsafeMetadata: JsonObject }) => {
      publicMetadata: JsonObject;
      privateMetadata: JsonObject;
      unsafeMetadata: JsonObject;
    },
  ): EmulatedUser {
    const record = this.#require(id);
    const result = jsonClone(
      change(
        jsonClone({
          publicMetadata: record.publicMetadata,
          privateMetadata: record.privateMetadata,
          unsafeMetadata: record.unsafeMetadata,
        }),
      ),
    );
    const next: UserRecord = { ...record, ...result, updatedAt: nextTimestamp(record.updatedAt) };
    this.#users.set(id, next);
    return this.#emit('updated', next);
  }

  delete(id: string): boolean {
    const record = this.#users.get(id);
    if (!record) return false;
    this.#users.delete(id);
    this.#emit('deleted', record);
    return true;
  }

  /** Checks a password against the stored scrypt hash (false for unknown users or no password). */
  async verifyPassword(userId: string, password: string): Promise<boolean> {
    const hash = this.#users.get(userId)?.passwordHash;
    if (!hash || typeof password !== 'string') return false;
    return verifyPasswordHash(password, hash);
  }

  /** For the Frontend API: records a successful sign-in. */
  recordSignIn(userId: string): void {
    const record = this.#require(userId);
    this.#users.set(userId, { ...record, lastSignInAt: Date.now() });
  }

  /** Every user with its password hash, oldest first, for the store file. */
  snapshot(): StoredUser[] {
    return [...this.#users.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((record) => {
        const { seq: _seq, ...stored } = record;
        return Object.freeze(jsonClone(stored));
      });
  }

  /** Replaces the contents with users read back from the store file (already validated). */
  restore(users: readonly StoredUser[]): void {
    this.#users.clear();
    this.#seq = 0;
    for (const user of users) this.#users.set(user.id, { ...jsonClone(user), seq: this.#seq++ });
  }

  #emit(action: ChangeAction, record: UserRecord): EmulatedUser {
    const user = snapshot(record);
    this.changes.emit({ action, user });
    return user;
  }

  #require(id: string): UserRecord {
    const record = this.#users.get(id);
    if (!record) throw new UserStoreError('not_found', `no user with id ${id}`, 'user_id');
    return record;
  }

  #assertUnique(
    fields: {
      email?: string | undefined;
      username?: string | null | undefined;
      externalId?: string | null | undefined;
    },
    selfId?: string,
  ): void {
    for (const other of this.#users.values()) {
      if (other.id === selfId) continue;
      if (fields.email !== undefined && other.email.toLowerCase() === fields.email.toLowerCase()) {
        throw new UserStoreError('identifier_exists', `email ${fields.email} is taken`, 'email_address');
      }
      if (fields.username && other.username === fields.username) {
        throw new UserStoreError('identifier_exists', `username ${fields.username} is taken`, 'username');
      }
      if (fields.externalId && other.externalId === fields.externalId) {
        throw new UserStoreError('identifier_exists', `external_id ${fields.externalId} is taken`, 'external_id');
      }
    }
  }
}

/** updated_at must visibly change even when two writes land in the same millisecond. */
function nextTimestamp(previous: number): number {
  return Math.max(Date.now(), previous + 1);
}

function snapshot(record: UserRecord): EmulatedUser {
  const { passwordHash: _hash, seq: _seq, ...user } = record;
  return Object.freeze(jsonClone(user));
}
