import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

/** Who made the request a store change happens in (Clerk's webhook `event_attributes.http_request`). */
export interface RequestOrigin {
  readonly clientIp: string;
  readonly userAgent: string;
}

const storage = new AsyncLocalStorage<RequestOrigin>();

export function runInRequest<T>(req: IncomingMessage, run: () => T): T {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  const origin = { clientIp: first || (req.socket.remoteAddress ?? ''), userAgent: req.headers['user-agent'] ?? '' };
  return storage.run(origin, run);
}

/** The request being handled, or undefined for in-process changes (tests, the seed). */
export function currentRequestOrigin(): RequestOrigin | undefined {
  return storage.getStore();
}
