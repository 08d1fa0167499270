import type { ServerResponse } from 'node:http';

import { newTraceId } from '../util/ids.js';
import type { ClerkApiError } from './clerk-error.js';

// Exactly this value: @clerk/backend parses a body as JSON only when
// `content-type === 'application/json'` (a charset suffix makes it return a raw string).
const JSON_CONTENT_TYPE = 'application/json';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** `{errors:[…], clerk_trace_id}` with the error's extra headers (Retry-After, Allow, …). */
export function sendClerkError(res: ServerResponse, error: ClerkApiError): void {
  sendJson(res, error.status, { errors: error.errors, clerk_trace_id: newTraceId() }, error.headers);
}
