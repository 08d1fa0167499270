import { MISSING_PERMISSION_MESSAGE, NO_ACTIVE_ORG_MESSAGE, UNAUTHORIZED_MESSAGE } from './authorization.js';
import {
  AccessRevokedError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
} from './errors.js';
import { TOO_MANY_REQUESTS_MESSAGE } from './rate-limits.js';
import { StreamEndedError, type StreamEndReason, StreamRevokedError, TooManyStreamsError } from './stream-errors.js';

/** How a service failure is answered, by tRPC and REST alike. */
export interface ServiceErrorAnswer {
  status: 400 | 401 | 403 | 404 | 409 | 429 | 503;
  /** The tRPC error code with that HTTP status. */
  code:
    | 'BAD_REQUEST'
    | 'UNAUTHORIZED'
    | 'FORBIDDEN'
    | 'NOT_FOUND'
    | 'CONFLICT'
    | 'TOO_MANY_REQUESTS'
    | 'SERVICE_UNAVAILABLE';
  /** Safe to show: fixed text, never the error's own message. */
  message: string;
  /** For a 429 or a 503: sent as `Retry-After`. */
  retryAfterSeconds?: number;
}

export const SERVICE_UNAVAILABLE_MESSAGE = 'A dependency is unavailable; retry later';
/** Why a stream ended, for the client (and whoever reads its logs); each says to reconnect. */
export const STREAM_ENDED_MESSAGES: Record<StreamEndReason, string> = {
  expired: 'The stream reached its maximum lifetime; reconnect to resume',
  draining: 'The server is shutting down; reconnect to resume',
  'slow-consumer': 'The stream fell too far behind; reconnect to resume',
  unavailable: 'Changes cannot be read right now; reconnect to resume',
};
export const TOO_MANY_STREAMS_MESSAGE = 'Too many open streams';
/** Seconds before a refused stream is worth opening again. */
const TOO_MANY_STREAMS_RETRY_AFTER_SECONDS = 30;

const wholeSeconds = (seconds: number) => Math.max(1, Math.ceil(seconds));

/** The answer for a known service failure, or null for anything else (a 500 with a generic message). */
export function answerForServiceError(error: unknown): ServiceErrorAnswer | null {
  if (error instanceof ServiceUnavailableError) {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: SERVICE_UNAVAILABLE_MESSAGE,
      retryAfterSeconds: wholeSeconds(error.retryAfterSeconds),
    };
  }
  if (error instanceof RateLimitedError) {
    return {
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      message: TOO_MANY_REQUESTS_MESSAGE,
      retryAfterSeconds: wholeSeconds(error.retryAfterSeconds),
    };
  }
  if (error instanceof AccessRevokedError) {
    return error.scope === 'user'
      ? { status: 401, code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE }
      : { status: 403, code: 'FORBIDDEN', message: NO_ACTIVE_ORG_MESSAGE };
  }
  if (error instanceof NotFoundError) return { status: 404, code: 'NOT_FOUND', message: `${error.what} not found` };
  if (error instanceof ConflictError) return { status: 409, code: 'CONFLICT', message: 'Changed elsewhere' };
  if (error instanceof InvalidInputError) return { status: 400, code: 'BAD_REQUEST', message: 'Invalid input' };
  // A retryable code: tRPC's subscription client reconnects by itself and resumes from its last id.
  if (error instanceof StreamEndedError) {
    const message = STREAM_ENDED_MESSAGES[error.reason];
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message, retryAfterSeconds: 1 };
  }
  if (error instanceof StreamRevokedError) {
    return error.code === 'UNAUTHORIZED'
      ? { status: 401, code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE }
      : { status: 403, code: 'FORBIDDEN', message: MISSING_PERMISSION_MESSAGE };
  }
  if (error instanceof TooManyStreamsError) {
    return {
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      message: TOO_MANY_STREAMS_MESSAGE,
      retryAfterSeconds: TOO_MANY_STREAMS_RETRY_AFTER_SECONDS,
    };
  }
  return null;
}
