import type { IncomingMessage } from 'node:http';

import { exceedsDepth, MAX_JSON_DEPTH } from '../util/json.js';
import { clerkError } from './clerk-error.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body as UTF-8 text; empty → undefined. Over the limit → 413 (announced by Content-Length or
 * discovered while streaming); bad UTF-8 → 400. Never buffers more than the limit.
 */
export async function readBodyText(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw clerkError(400, 'malformed_request', 'malformed request', 'The request body is not valid UTF-8.');
  }
}

/** Reads and parses a JSON body. Empty body → undefined; bad JSON → 400 (limits as readBodyText). */
export async function readJsonBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, limit);
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw clerkError(400, 'malformed_request', 'malformed request', 'The request body is not valid JSON.');
  }
  if (exceedsDepth(parsed))
    throw clerkError(
      400,
      'malformed_request',
      'malformed request',
      `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  return parsed;
}

function tooLarge(limit: number) {
  return clerkError(
    413,
    'request_body_too_large',
    'request body too large',
    `The request body must not exceed ${limit} bytes.`,
  );
}
