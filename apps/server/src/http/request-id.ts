import { randomUUID } from 'node:crypto';

const WELL_FORMED = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The request's id: the caller's `X-Request-Id` when it is well-formed (1–64 of A-Z a-z 0-9 . _ : -,
 * so a proxy's id ties its logs to ours), otherwise a new UUID. Anything else (too long, spaces,
 * control characters, several values) is never echoed or logged.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED.test(header) ? header : randomUUID();
}
