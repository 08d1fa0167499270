import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

import { clerkFrontendApiProxy } from '@clerk/backend/proxy';

import type { ClerkEmulator } from '../../src/index.js';
import { clerkClientFor } from '../helpers.js';
import { conformancePage, PROXY_PATH } from './conformance-page.js';

export interface AppServer {
  /** e.g. http://127.0.0.1:41234 — the origin the browser sees (and the tokens' azp). */
  readonly url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(origin + (req.url ?? '/'), {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  });
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  Readable.fromWeb(response.body).pipe(res);
}

/**
 * A stand-in for the Next.js app, as small as possible but wired exactly as the real one will be:
 * `/__clerk/*` goes through @clerk/backend's `clerkFrontendApiProxy` (what `clerkMiddleware({
 * frontendApiProxy: { enabled: true } })` runs) to the emulator, and every page request runs
 * `authenticateRequest` first (what clerkMiddleware does), including the handshake redirect.
 */
export async function startAppServer(emulatorOrLater: ClerkEmulator | (() => ClerkEmulator)): Promise<AppServer> {
  // A getter lets a test learn the app's origin before starting what must authorize it.
  const current = typeof emulatorOrLater === 'function' ? emulatorOrLater : () => emulatorOrLater;
  let origin = '';
  const server = createServer((req, res) => {
    void (async () => {
      const emulator = current();
      const clerk = clerkClientFor(emulator);
      const request = toRequest(req, origin);
      const url = new URL(request.url);
      if (url.pathname === PROXY_PATH || url.pathname.startsWith(PROXY_PATH + '/')) {
        return sendResponse(
          res,
          await clerkFrontendApiProxy(request, {
            proxyPath: PROXY_PATH,
            publishableKey: emulator.publishableKey,
            secretKey: emulator.secretKey,
            fapiUrl: emulator.url,
          }),
        );
      }
      if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
      const state = await clerk.authenticateRequest(request, {
        proxyUrl: origin + PROXY_PATH,
        authorizedParties: [origin],
      });
      const headers: Record<string, string | string[]> = { 'cache-control': 'no-store' };
      state.headers.forEach((value, name) => {
        if (name !== 'set-cookie') headers[name] = value;
      });
      const cookies = state.headers.getSetCookie();
      if (cookies.length > 0) headers['set-cookie'] = cookies;
      if (state.status === 'handshake') return void res.writeHead(307, headers).end();
      const page = conformancePage({
        publishableKey: emulator.publishableKey,
        authStatus: state.status,
        userId: state.toAuth()?.userId ?? null,
      });
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page);
    })().catch((error: unknown) => {
      console.error('app server:', error);
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
