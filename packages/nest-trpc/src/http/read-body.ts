import type { IncomingMessage, ServerResponse } from 'node:http';

import { TRPCError } from '@trpc/server';

/** A body some host middleware has already parsed (Express with Nest's body parser on). */
type ParsedBody = { body?: unknown };

const tooLarge = () => new TRPCError({ code: 'PAYLOAD_TOO_LARGE' });
/** The client went away before its body arrived: 499, nothing the server did wrong. */
const clientLeft = (cause: Error) =>
  new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The client closed the request', cause });

/**
 * The request body as text, refused with 413 once it passes `maxBodySize` bytes however it is
 * sent (chunked bodies announce no length), and also when a host parser got to it first.
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
  // Gone before its body was asked for (the router was busy authenticating): no event will come.
  if (req.destroyed && !req.complete) return Promise.reject(clientLeft(new Error('closed before the body was read')));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
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
    const onError = (error: Error) => {
      cleanup();
      reject(req.destroyed || (error as { code?: string }).code === 'ECONNRESET' ? clientLeft(error) : error);
    };
    // Closed before the end (and without an error): the client left.
    const onClose = () => {
      cleanup();
      reject(clientLeft(new Error('closed before the body ended')));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
