import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { clerkError } from '../http/clerk-error.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Requires `Authorization: Bearer <secretKey>`; compares in constant time. */
export function assertSecretKey(headers: IncomingHttpHeaders, secretKey: string): void {
  const header = headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) {
    throw clerkError(
      401,
      'authorization_header_format_invalid',
      'Invalid authorization header format',
      'The Authorization header must be "Bearer <secret key>".',
    );
  }
  if (!timingSafeEqual(digest(match[1]), digest(secretKey))) {
    throw clerkError(401, 'authentication_invalid', 'Invalid authentication', 'The provided secret key is invalid.');
  }
}
