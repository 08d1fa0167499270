import type { IncomingMessage, ServerResponse } from 'node:http';

import { TRPCError } from '@trpc/server';

/** A body some host middleware has already parsed (Express with Nest's body parser on). */
type ParsedBody = { body?: unknown };

const tooLarge = () => new TRPCError({ code: 'PAYLOAD_TOO_LARGE' });
const clientGone = () => new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The client closed the request' });

/**
 * The request body as text, refused with 413 once it passes `maxBodySize` bytes however it is
 * sent (chunked bodies announce no length), and also when a host parser got to it first. A
 * client that hangs up before the body has all arrived fails the read (499) rather than leaving
 * it waiting for an `end` that never comes, also when it left before the read began (a call
 * that waited at the admission gate).
 */
export function readBodyText(
  req: IncomingMessage & ParsedBody,
  res: ServerResponse,
  maxBodySize: number,
): Promise<string> {
  if (req.body !== undefined) {
    const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return Buffer.byteLength(text) > maxBodySize ? Promise.reject(tooLarge()) : Promise.resolve(text);
  }
  if (req.destroyed || req.readableEnded) return Promise.reject(clientGone());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodySize) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      // The rest of the upload is not worth reading: close the connection after the 413.
      if (!res.headersSent) res.setHeader('connection', 'close');
      reject(tooLarge());
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    // A request stream fails or closes early only when its client goes (an `aborted` error).
    const onGone = () => {
      cleanup();
      reject(clientGone());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}
