import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the proxy bends the upstream's answer. */
export type Misbehaviour =
  | 'pass'
  | 'charset-content-type'
  | 'other-user'
  | 'html-502'
  | 'truncated-json'
  | 'connection-reset'
  | 'empty-200'
  | 'user-missing-fields'
  | 'retry-after-date'
  | 'retry-after-huge';

export interface MisbehavingProxy {
  url: string;
  behave(how: Misbehaviour): void;
  close(): Promise<void>;
}

/**
 * A broken hop in front of the real emulator, on 127.0.0.1: the kinds of answer a proxy, a CDN
 * or a bad deploy have been known to give, so the real Clerk SDK meets them over real HTTP.
 */
export async function startMisbehavingProxy(upstream: string, otherUserPath: string): Promise<MisbehavingProxy> {
  let how: Misbehaviour = 'pass';
  const server = createServer((req, res) => {
    void answer(req, res).catch(() => res.destroy());
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (how === 'connection-reset') return void req.socket.destroy();
    const path = how === 'other-user' ? otherUserPath : req.url!;
    const up = await fetch(upstream + path, { headers: { authorization: req.headers.authorization ?? '' } });
    const body = await up.text();
    const json = 'application/json';
    switch (how) {
      case 'charset-content-type':
        return void res.writeHead(up.status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      case 'html-502':
        return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
      case 'truncated-json':
        return void res.writeHead(200, { 'content-type': json }).end(body.slice(0, body.length / 2));
      case 'empty-200':
        return void res.writeHead(200, { 'content-type': json }).end();
      case 'user-missing-fields':
        return void res
          .writeHead(200, { 'content-type': json })
          .end(JSON.stringify({ object: 'user', id: JSON.parse(body).id, email_addresses: [{ id: 'x' }] }));
      case 'retry-after-date':
        return void res
          .writeHead(429, { 'content-type': json, 'retry-after': new Date(Date.now() + 30_000).toUTCString() })
          .end('{"errors":[]}');
      case 'retry-after-huge':
        return void res.writeHead(429, { 'content-type': json, 'retry-after': '999999' }).end('{"errors":[]}');
      default:
        return void res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? json }).end(body);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    behave: (next) => void (how = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
