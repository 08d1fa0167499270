import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Canary {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Requests received so far: must stay 0, the server never follows a token's URLs. */
  readonly hits: number;
  close(): Promise<void>;
}

/** A key server an attacker would point `jku`/`x5u` at. It answers with a JWKS, so following it would "work". */
export async function startCanary(jwks: unknown): Promise<Canary> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hits() {
      return hits;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
