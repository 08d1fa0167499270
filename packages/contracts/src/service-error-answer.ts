import { ConflictError, InvalidInputError, NotFoundError, ServiceUnavailableError } from './errors.js';

/** How a service failure is answered, by tRPC and REST alike. */
export interface ServiceErrorAnswer {
  status: 400 | 404 | 409 | 503;
  /** The tRPC error code with that HTTP status. */
  code: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'SERVICE_UNAVAILABLE';
  /** Safe to show: fixed text, never the error's own message. */
  message: string;
  /** For a 503: sent as `Retry-After`. */
  retryAfterSeconds?: number;
}

export const SERVICE_UNAVAILABLE_MESSAGE = 'A dependency is unavailable; retry later';

/** The answer for a known service failure, or null for anything else (a 500 with a generic message). */
export function answerForServiceError(error: unknown): ServiceErrorAnswer | null {
  if (error instanceof ServiceUnavailableError) {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: SERVICE_UNAVAILABLE_MESSAGE,
      retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterSeconds)),
    };
  }
  if (error instanceof NotFoundError) return { status: 404, code: 'NOT_FOUND', message: `${error.what} not found` };
  if (error instanceof ConflictError) return { status: 409, code: 'CONFLICT', message: 'Changed elsewhere' };
  if (error instanceof InvalidInputError) return { status: 400, code: 'BAD_REQUEST', message: 'Invalid input' };
  return null;
}
