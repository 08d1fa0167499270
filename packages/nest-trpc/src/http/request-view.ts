import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

import { NodeHeaders } from './node-headers.js';
import { readBodyText } from './read-body.js';

export type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

/**
 * True for the calls the request view serves: GET, or POST with a JSON body. Form data and
 * octet streams (and anything else) go through tRPC's own adapter, which builds a full Request.
 */
export function isJsonCall(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (type === undefined) return req.method === 'GET';
  return (req.method === 'GET' || req.method === 'POST') && type.startsWith('application/json');
}

/**
 * The Fetch `Request` that tRPC's `resolveResponse` reads for a JSON call: method, url, headers,
 * signal and the body as JSON, straight from the Node request. tRPC's own adapter builds an
 * undici `Request` instead (URL parsed twice, headers copied and validated, two abort signals
 * linked) and aborts its signal when every response closes, which costs a DOMException and an
 * abort event per request; here the signal aborts only when the client leaves early.
 */
export function jsonRequestView(req: NodeRequest, res: ServerResponse, maxBodySize: number): Request {
  const protocol = (req.socket as Partial<TLSSocket> | null)?.encrypted ? 'https' : 'http';
  let controller: AbortController | undefined;
  const text = () => readBodyText(req, res, maxBodySize);
  const view = {
    method: req.method ?? 'GET',
    url: `${protocol}://${req.headers.host ?? 'localhost'}${req.originalUrl ?? req.url ?? '/'}`,
    headers: new NodeHeaders(req.headers),
    get signal(): AbortSignal {
      if (!controller) {
        const created = new AbortController();
        res.once('close', () => {
          if (!res.writableFinished) created.abort();
        });
        controller = created;
      }
      return controller.signal;
    },
    text,
    json: async (): Promise<unknown> => JSON.parse(await text()),
  };
  return view as unknown as Request;
}
