/**
 * A session token was refused. `reason` is for logs only: clients always get the same 401.
 */
export class SessionRejectedError extends Error {
  override readonly name = 'SessionRejectedError';
  constructor(readonly reason: string) {
    super(`Session token rejected: ${reason}`);
  }
}
