/**
 * Failures a service reports to the API. The API turns them into precise tRPC codes, so a
 * dependency outage is a 503 (never a 401 or a 500) and a vanished user a 404.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(
    message: string,
    /** When the client may try again; sent as `Retry-After`. */
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class UserNotFoundError extends Error {
  override readonly name = 'UserNotFoundError';
  constructor(readonly userId: string) {
    super(`User ${userId} not found`);
  }
}
