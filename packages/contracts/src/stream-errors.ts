/**
 * Why a live stream ended. Each maps to a precise code (see `./service-error-answer`): the
 * retryable one (503) tells a client to reconnect and resume from its last event id; the others
 * stop the subscription.
 */

/** Reasons a stream ends that a reconnect (resuming from the last event id) recovers from. */
export type StreamEndReason =
  /** It reached its maximum lifetime: the client reconnects, with a fresh token. */
  | 'expired'
  /** The instance is shutting down: the client reconnects to another one. */
  | 'draining'
  /** The client read too slowly and its queue filled: it catches up by replaying. */
  | 'slow-consumer'
  /** The changes could not be read (a database outage). */
  | 'unavailable';

export class StreamEndedError extends Error {
  override readonly name = 'StreamEndedError';
  constructor(readonly reason: StreamEndReason) {
    super(`Stream ended (${reason}); reconnect to resume`);
  }
}

/**
 * The holder's access ended while the stream was open: `UNAUTHORIZED` when the session or user is
 * gone, `FORBIDDEN` when the membership or its permission (or the organization) is.
 */
export class StreamRevokedError extends Error {
  override readonly name = 'StreamRevokedError';
  constructor(readonly code: 'UNAUTHORIZED' | 'FORBIDDEN') {
    super(`Access revoked (${code})`);
  }
}

/** The user already holds the most open streams allowed (per instance). */
export class TooManyStreamsError extends Error {
  override readonly name = 'TooManyStreamsError';
  constructor(readonly limit: number) {
    super(`At most ${limit} open streams per user`);
  }
}
