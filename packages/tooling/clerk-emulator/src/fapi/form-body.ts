import type { IncomingMessage } from 'node:http';

import { clerkError } from '../http/clerk-error.js';
import { readBodyText } from '../http/read-body.js';
import { isPlainObject } from '../util/json.js';

// clerk-js sends small forms; real FAPI rejects large bodies long before a megabyte.
const MAX_FORM_BYTES = 64 * 1024;

/**
 * Reads the body clerk-js sends (application/x-www-form-urlencoded, snake_case keys) into
 * key → values. JSON objects of scalars are accepted too, for hand-written clients.
 * Over the limit → 413; undecodable → 400.
 */
export async function readFormBody(
  req: IncomingMessage,
  limit: number = MAX_FORM_BYTES,
): Promise<Map<string, string[]>> {
  const text = await readBodyText(req, limit);
  const fields = new Map<string, string[]>();
  if (text === undefined) return fields;
  const contentType = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (contentType === 'application/json') return jsonFields(text);
  for (const [key, value] of new URLSearchParams(text)) fields.set(key, [...(fields.get(key) ?? []), value]);
  return fields;
}

function jsonFields(text: string): Map<string, string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw clerkError(400, 'malformed_request', 'malformed request', 'The request body is not valid JSON.');
  }
  if (!isPlainObject(parsed))
    throw clerkError(400, 'malformed_request', 'malformed request', 'The request body must be a JSON object.');
  const fields = new Map<string, string[]>();
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) continue;
    // Objects (e.g. unsafe_metadata) travel as JSON text, exactly as clerk-js form-encodes them;
    // numbers and booleans read the same either way.
    fields.set(key, [typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  return fields;
}
