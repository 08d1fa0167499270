/**
 * Failures a service reports to the API. The API turns them into precise codes (see
 * `./service-error-answer`), so a dependency outage is a 503 (never a 401 or a 500), a vanished
 * record a 404 and a stale write a 409.
 */
export class ServiceUnavailableError extends Error {
  override readonly name: string = 'ServiceUnavailableError';
  constructor(
    message: string,
    /** When the client may try again; sent as `Retry-After`. */
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The record does not exist, or not in the caller's scope (existence never leaks across tenants). */
export class NotFoundError extends Error {
  override readonly name: string = 'NotFoundError';
  constructor(
    /** What was looked for, e.g. `Note`; shown to the client as "<what> not found". */
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} ${id} not found`);
  }
}

export class UserNotFoundError extends NotFoundError {
  override readonly name = 'UserNotFoundError';
  constructor(readonly userId: string) {
    super('User', userId);
  }
}

/** A write named a version that is no longer current; nothing was written. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    /** The record as it is now, so a client can show what changed. */
    readonly current?: unknown,
  ) {
    super(message);
  }
}

/** Input that passed the schema but cannot be used (a tampered cursor, say): a 400. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** A call over its rate limit (429): nothing was done; `Retry-After` says when to try again. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    /** The policy that refused it, e.g. `user-writes`. */
    readonly policy: string,
    /** Whole seconds, at least 1. */
    readonly retryAfterSeconds: number,
  ) {
    super(`Rate limit ${policy} exceeded`);
  }
}

/**
 * The caller's access ended while the call was under way (Clerk deleted the user, or the
 * organization the call writes into): the write is refused inside its transaction, so nothing
 * outlives the deletion. `user` answers 401, `organization` 403.
 */
export class AccessRevokedError extends Error {
  override readonly name = 'AccessRevokedError';
  constructor(readonly scope: 'user' | 'organization') {
    super(`Access revoked: the ${scope} was deleted`);
  }
}
